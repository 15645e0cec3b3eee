# The district console in a real browser (tests/browser/district.test.mjs):
# Debian's chromium driven by playwright-core against a real
# kabar-district whose villages sent complaints and votes, at 360 px and
# 1280 px, then once more with the district's language set to English.
# Skipped (77) only when chromium or playwright-core cannot be had.
# One store is enough: this is about the pages; 084 checks the console's API on both stores.
. tests/integration/common.sh
. tests/browser/setup.sh
. tests/integration/district_console.sh

start_district $PORT "$(district_console_settings)"
wait_console
district_console_seed
cat >"$T/poll.json" <<'JSON'
{"code": "AIR", "question": "Air bersih dari mana?", "options": ["Sumur bor", "=PDAM", "@Hujan"]}
JSON
"$ROOT/$BIN/kabar-district" -c "$T/d.conf" campaign poll "$T/poll.json" \
    --gateways leksono,sungai >"$T/camp.out" 2>&1 || fail "campaign poll: $(cat "$T/camp.out")"
cat >"$T/survey.json" <<'JSON'
{"code": "SEHAT", "title": "Survei kesehatan", "questions": [
 {"text": "Punya BPJS?", "type": "choice", "options": ["Ya", "Tidak"]},
 {"text": "Umur?", "type": "number", "min": 0, "max": 120}]}
JSON
"$ROOT/$BIN/kabar-district" -c "$T/d.conf" campaign survey "$T/survey.json" \
    --gateways all >"$T/camp.out" 2>&1 || fail "campaign survey: $(cat "$T/camp.out")"
cat >"$T/r.json" <<JSON
{"gateway": "sungai", "batch": "s2", "records": [
 {"id": "sungai:cd34ef56-5", "type": "survey_response", "at": "$(iso 100)",
  "data": {"survey": "SEHAT", "respondent": "bbbb0000bbbb0000bbbb0000bbbb0001", "answers": [1, 40]}}]}
JSON
[ "$(batch sungai "$T/r.json")" = 200 ] || fail "a survey response: $(cat "$T/answer")"

run_browser tests/browser/district.test.mjs KABAR_URL="$URL" \
    KABAR_DB="${DISTRICT_DB:-$T/d.db}" KABAR_CONF="$T/d.conf" \
    KABAR_OFFICER_PASSWORD="$OFFICER_PW"

sed -i 's/^district : {/district : { language = "en";/' "$T/d.conf"
restart_district
run_browser tests/browser/district.test.mjs KABAR_URL="$URL" \
    KABAR_DB="${DISTRICT_DB:-$T/d.db}" KABAR_CONF="$T/d.conf" \
    KABAR_OFFICER_PASSWORD="$OFFICER_PW" KABAR_LANGUAGE=en
echo "screenshots in $SHOTS"
kill -TERM $DPID
wait_for 10 sh -c "! kill -0 $DPID" || fail "the district did not stop"
grep -E ' (ERROR|fatal)' "$T/district.log" && fail "errors in the log"
echo ok
