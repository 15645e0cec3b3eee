#!/bin/sh
# The consoles' static files (the village's web/static/, the district's
# district/static/) keep to what the Content-Security-Policy and CONTRACT
# §7 and §8 allow: no inline script, no on…= handlers, no style
# attributes, nothing from another origin, no HTML parsed from data
# (innerHTML and friends: residents' text is only ever text), and each
# console under 150 kB.
cd "$(dirname "$0")/../.." || exit 1
bad=0
say() { echo "$*"; bad=1; }

for S in web/static district/static; do

for f in "$S"/*.html; do
	[ -f "$f" ] || continue
	# Every <script> has a src and no body.
	grep -n '<script' "$f" | grep -v 'src=' | sed "s|^|$f: inline script: |" | grep . && bad=1
	grep -n '<script[^>]*>[^<]' "$f" | sed "s|^|$f: script body: |" | grep . && bad=1
	grep -niE '<[a-z][^>]* on[a-z]+=' "$f" | sed "s|^|$f: inline handler: |" | grep . && bad=1
done
grep -rnE '(^|[^-])style="|\bstyle=' "$S" --include='*.html' --include='*.js' --include='*.svg' |
    grep -v "^$S/[^:]*:[0-9]*: *//" | sed 's|^|style attribute: |' | grep . && bad=1
grep -rnE 'https?://' "$S" | grep -v 'http://www.w3.org/2000/svg' |
    sed 's|^|another origin: |' | grep . && bad=1
grep -rnE 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\(.on' \
    "$S" --include='*.js' | sed 's|^|HTML from data or code from text: |' | grep . && bad=1

bytes=$(cat "$S"/* | wc -c)
[ "$bytes" -lt 153600 ] || say "$S is $bytes bytes, over 150 kB"
[ $bad -eq 0 ] && echo "$S: $(ls "$S" | wc -l) files, $bytes bytes"
done
exit $bad
