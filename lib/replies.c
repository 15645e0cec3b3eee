/*
 * The default reply texts. Each must fit one 160-character GSM-7 SMS with
 * its placeholders filled to their longest (tests/unit/t_replies.c walks
 * them all), because every reply costs the village money.
 */
#include "replies.h"

#include <stdlib.h>
#include <string.h>

static const struct reply_def defs[R_COUNT] = {
	[R_UNKNOWN] = { "unknown", "",
	    "Maaf, pesan tidak dikenali. Kirim INFO untuk daftar kata kunci.",
	    "Sorry, message not understood. Send INFO for the list of "
	    "keywords." },
	[R_INFO] = { "info", "",
	    "Kata kunci: DAFTAR nama #GRUP, BERHENTI, ADUAN teks, CEK tiket, "
	    "SURAT jenis, ANTRI, PILIH kode nomor, HASIL kode, SURVEI kode, "
	    "BATAL, INFO",
	    "Keywords: REG name #GROUP, STOP, COMPLAINT text, STATUS ticket, "
	    "LETTER type, QUEUE, VOTE code number, RESULT code, SURVEY code, "
	    "CANCEL, HELP" },
	[R_REGISTERED] = { "registered", "name",
	    "Terima kasih {name}, Anda terdaftar. Kirim BERHENTI untuk "
	    "berhenti menerima pesan.",
	    "Thank you {name}, you are registered. Send STOP to stop "
	    "receiving messages." },
	[R_REGISTERED_GROUP] = { "registered_group", "name,group",
	    "Terima kasih {name}, Anda terdaftar di {group}. Kirim BERHENTI "
	    "untuk berhenti menerima pesan.",
	    "Thank you {name}, you are registered in {group}. Send STOP to "
	    "stop receiving messages." },
	[R_REGISTER_UPDATED] = { "register_updated", "name,group",
	    "Data Anda diperbarui: {name} {group}.",
	    "Your details are updated: {name} {group}." },
	[R_REGISTER_USAGE] = { "register_usage", "",
	    "Format: DAFTAR nama #GRUP. Contoh: DAFTAR Budi #RT01",
	    "Format: REG name #GROUP. Example: REG Budi #RT01" },
	[R_UNKNOWN_GROUP] = { "unknown_group", "group,groups",
	    "Grup {group} tidak ada. Pilihan: {groups}",
	    "There is no group {group}. Choose: {groups}" },
	[R_STOPPED] = { "stopped", "",
	    "Anda tidak akan menerima siaran lagi. Kirim DAFTAR nama untuk "
	    "ikut kembali.",
	    "You will receive no more broadcasts. Send REG name to join "
	    "again." },
	[R_COMPLAINT_OK] = { "complaint_ok", "ticket",
	    "Aduan diterima. Nomor tiket: {ticket}. Cek status dengan kirim "
	    "CEK {ticket}",
	    "Complaint received. Ticket number: {ticket}. Check it with "
	    "STATUS {ticket}" },
	[R_COMPLAINT_USAGE] = { "complaint_usage", "",
	    "Tulis aduan setelah kata ADUAN. Contoh: ADUAN Lampu jalan RT02 "
	    "mati sejak Senin",
	    "Write the complaint after COMPLAINT. Example: COMPLAINT Street "
	    "light in RT02 is out" },
	[R_CHECK_USAGE] = { "check_usage", "",
	    "Format: CEK nomor-tiket. Contoh: CEK 123455",
	    "Format: STATUS ticket-number. Example: STATUS 123455" },
	[R_TICKET_STATUS] = { "ticket_status", "ticket,status,date",
	    "Tiket {ticket}: {status}, diperbarui {date}.",
	    "Ticket {ticket}: {status}, updated {date}." },
	[R_TICKET_MISTYPED] = { "ticket_mistyped", "ticket",
	    "Nomor {ticket} salah ketik. Periksa lagi 6 angka nomor tiket "
	    "Anda.",
	    "Number {ticket} is mistyped. Please check the 6 digits of your "
	    "ticket." },
	[R_TICKET_UNKNOWN] = { "ticket_unknown", "ticket",
	    "Tiket {ticket} tidak ditemukan.",
	    "Ticket {ticket} was not found." },
	[R_STATUS_CHANGED] = { "status_changed", "ticket,status,note",
	    "Tiket {ticket} kini {status}. {note}",
	    "Ticket {ticket} is now {status}. {note}" },
	[R_TICKET_SET] = { "ticket_set", "ticket,status",
	    "Tiket {ticket} kini {status}. Pelapor sudah diberi tahu.",
	    "Ticket {ticket} is now {status}. The resident has been told." },
	[R_TICKET_USAGE] = { "ticket_usage", "",
	    "Format: TIKET PIN nomor status [catatan]. Aduan: baru, diproses, "
	    "selesai, ditolak. Surat: diterima, diproses, siap, selesai, ditolak",
	    "Format: TIKET PIN number status [note]. Complaints: baru, diproses,"
	    " selesai, ditolak. Letters: diterima, diproses, siap, selesai" },
	[R_VOTE_OK] = { "vote_ok", "code,option",
	    "Terima kasih. Pilihan Anda untuk {code}: {option}. Bisa diubah "
	    "sampai polling ditutup.",
	    "Thank you. Your choice for {code}: {option}. You can change it "
	    "until the poll closes." },
	[R_VOTE_CHANGED] = { "vote_changed", "code,option",
	    "Pilihan Anda untuk {code} diubah menjadi: {option}.",
	    "Your choice for {code} is changed to: {option}." },
	[R_VOTE_INVALID] = { "vote_invalid", "code,options",
	    "Pilihan itu tidak ada. Balas PILIH {code} dengan: {options}",
	    "There is no such option. Reply VOTE {code} with: {options}" },
	[R_VOTE_USAGE] = { "vote_usage", "codes",
	    "Format: PILIH kode nomor, contoh PILIH AIR 2. Polling terbuka: "
	    "{codes}",
	    "Format: VOTE code number, e.g. VOTE WATER 2. Open polls: {codes}" },
	[R_POLL_CLOSED] = { "poll_closed", "code,codes",
	    "Polling {code} sudah ditutup. Polling terbuka: {codes}",
	    "Poll {code} is closed. Open polls: {codes}" },
	[R_POLL_UNKNOWN] = { "poll_unknown", "code,codes",
	    "Polling {code} tidak ada. Polling terbuka: {codes}",
	    "There is no poll {code}. Open polls: {codes}" },
	[R_POLL_RESULT] = { "poll_result", "code,total,tally",
	    "Hasil {code} ({total} suara): {tally}",
	    "Results {code} ({total} votes): {tally}" },
	[R_POLL_PRIVATE] = { "poll_private", "code",
	    "Hasil polling {code} tidak dibuka untuk umum.",
	    "The results of poll {code} are not public." },
	[R_POLL_CLOSED_OK] = { "poll_closed_ok", "code",
	    "Polling {code} ditutup.",
	    "Poll {code} is closed." },
	[R_POLL_INVITE] = { "poll_invite", "question,code,options",
	    "{question} Balas PILIH {code} nomor: {options}",
	    "{question} Reply VOTE {code} number: {options}" },
	[R_BC_ESTIMATE] = { "broadcast_estimate", "recipients,parts,cost,code",
	    "Siaran ke {recipients} warga, {parts} SMS per orang, biaya kira-"
	    "kira Rp{cost}. Balas YA {code} dalam 10 menit untuk mengirim.",
	    "Broadcast to {recipients} residents, {parts} SMS each, about "
	    "Rp{cost}. Reply YES {code} within 10 minutes to send it." },
	[R_BC_QUEUED] = { "broadcast_queued", "recipients",
	    "Siaran dikirim ke {recipients} warga. Ringkasan menyusul setelah "
	    "selesai.",
	    "Broadcast queued to {recipients} residents. A summary follows "
	    "when it is done." },
	[R_BC_EXPIRED] = { "broadcast_expired", "code",
	    "Kode {code} tidak berlaku atau sudah lewat waktunya. Kirim SIAR "
	    "lagi.",
	    "Code {code} is not valid or has expired. Send BC again." },
	[R_BC_USAGE] = { "broadcast_usage", "",
	    "Format: SIAR PIN [#GRUP] pesan. Contoh: SIAR 1234 #RT01 Kerja "
	    "bakti Minggu jam 7",
	    "Format: BC PIN [#GROUP] message. Example: BC 1234 #RT01 Clean-up "
	    "Sunday 7am" },
	[R_BC_DONE] = { "broadcast_done", "id,sent,failed,cancelled",
	    "Siaran #{id} selesai: {sent} terkirim, {failed} gagal, {cancelled} "
	    "berhenti langganan.",
	    "Broadcast #{id} done: {sent} sent, {failed} failed, {cancelled} "
	    "opted out." },
	[R_SURVEY_UNKNOWN] = { "survey_unknown", "code,codes",
	    "Survei {code} tidak ada. Survei yang ada: {codes}",
	    "There is no survey {code}. Surveys: {codes}" },
	[R_SURVEY_QUESTION] = { "survey_question", "n,total,question",
	    "({n}/{total}) {question}",
	    "({n}/{total}) {question}" },
	[R_SURVEY_INVALID] = { "survey_invalid", "hint,n,total,question",
	    "{hint} ({n}/{total}) {question}",
	    "{hint} ({n}/{total}) {question}" },
	[R_SURVEY_DONE] = { "survey_done", "code",
	    "Terima kasih, jawaban survei {code} sudah tercatat.",
	    "Thank you, your answers to survey {code} are recorded." },
	[R_SURVEY_CANCELLED] = { "survey_cancelled", "code",
	    "Survei {code} dihentikan. Kirim SURVEI {code} untuk mulai lagi.",
	    "Survey {code} stopped. Send SURVEY {code} to start again." },
	[R_SURVEY_INVITE] = { "survey_invite", "title,code",
	    "{title} Balas SURVEI {code} untuk ikut. Kirim BATAL untuk "
	    "berhenti kapan saja.",
	    "{title} Reply SURVEY {code} to take part. Send CANCEL to stop "
	    "at any time." },
	[R_LETTER_OK] = { "letter_ok", "ticket,name,bring,days",
	    "{name} diterima: tiket {ticket}. Bawa {bring}. Sekitar {days} "
	    "hari. CEK {ticket}",
	    "{name} requested: ticket {ticket}. Bring {bring}. About {days} "
	    "days. STATUS {ticket}" },
	[R_LETTER_TYPES] = { "letter_types", "codes",
	    "Jenis surat: {codes}. Kirim SURAT jenis [keterangan].",
	    "Letters: {codes}. Send SURAT type [details]." },
	/* What to bring was said when the letter was asked for; the room
	 * goes to the staff's note ({bring} is there for an override). */
	[R_LETTER_READY] = { "letter_ready", "ticket,name,bring,note",
	    "{name} (tiket {ticket}) siap diambil di kantor desa. {note}",
	    "{name} (ticket {ticket}) is ready at the village office. {note}" },
	[R_FEEDBACK_ASK] = { "feedback_ask", "ticket,note",
	    "Tiket {ticket} selesai. {note} Beri nilai layanan kami: balas 1 "
	    "(buruk) sampai 5 (sangat baik).",
	    "Ticket {ticket} is done. {note} Rate our service: reply 1 (poor) "
	    "to 5 (very good)." },
	[R_FEEDBACK_THANKS] = { "feedback_thanks", "",
	    "Terima kasih atas nilai Anda.",
	    "Thank you for your rating." },
	[R_COMPLAINT_FORWARD] = { "complaint_forward", "ticket,category,text",
	    "Aduan {ticket} ({category}): {text}",
	    "Complaint {ticket} ({category}): {text}" },
	[R_TICKET_RECAT] = { "ticket_recategorised", "ticket,category",
	    "Tiket {ticket} dipindah ke {category}.",
	    "Ticket {ticket} moved to {category}." },
	[R_QUEUE_OK] = { "queue_ok", "number,counter,ahead,minutes,ticket",
	    "Nomor antrian {number} di {counter}. Di depan Anda {ahead} orang, "
	    "kira-kira {minutes} menit. Cek: CEK {ticket}",
	    "Queue number {number} at {counter}. {ahead} ahead of you, about "
	    "{minutes} minutes. Check: STATUS {ticket}" },
	[R_QUEUE_CLOSED] = { "queue_closed", "counter,hours",
	    "Loket {counter} buka pukul {hours}. Kirim ANTRI lagi saat buka.",
	    "Counter {counter} is open {hours}. Send QUEUE again then." },
	[R_QUEUE_COUNTERS] = { "queue_counters", "codes",
	    "Kirim ANTRI diikuti layanan: {codes}",
	    "Send QUEUE and the service: {codes}" },
	[R_QUEUE_SOON] = { "queue_soon", "number,counter",
	    "Nomor {number} di {counter}: giliran Anda sebentar lagi. Silakan "
	    "datang sekarang.",
	    "Number {number} at {counter}: your turn is near. Please come "
	    "now." },
	[R_QUEUE_CALLED] = { "queue_called", "number,waiting",
	    "Panggil nomor {number}. Sisa antrian: {waiting}.",
	    "Call number {number}. Still waiting: {waiting}." },
	[R_QUEUE_EMPTY] = { "queue_empty", "counter",
	    "Antrian {counter} kosong.",
	    "The queue at {counter} is empty." },
	[R_QUEUE_PLACE] = { "queue_place", "number,counter,ahead",
	    "Nomor {number} di {counter}: {ahead} orang di depan Anda.",
	    "Number {number} at {counter}: {ahead} ahead of you." },
	[R_QUEUE_GONE] = { "queue_gone", "number,counter",
	    "Nomor {number} di {counter} sudah dipanggil.",
	    "Number {number} at {counter} has been called." },
	[R_MODEM_DOWN] = { "modem_down", "modem,error",
	    "kabar: modem {modem} mati ({error}). Pesan lewat modem lain.",
	    "kabar: modem {modem} is down ({error}). Messages go through the "
	    "others." },
	[R_MODEM_UP] = { "modem_up", "modem",
	    "kabar: modem {modem} hidup lagi.",
	    "kabar: modem {modem} is up again." },
	[R_BALANCE_CHECKING] = { "balance_checking", "count",
	    "Pulsa {count} modem sedang diperiksa; jawabannya menyusul.",
	    "Checking the credit of {count} modem(s); the answer follows." },
	[R_BALANCE_NONE] = { "balance_none", "",
	    "Belum ada kode cek pulsa (balance_ussd) di konfigurasi modem.",
	    "No modem has a credit check code (balance_ussd) configured." },
	[R_BALANCE_IS] = { "balance_is", "modem,amount",
	    "Pulsa modem {modem}: Rp{amount}.",
	    "Credit on modem {modem}: Rp{amount}." },
	[R_BALANCE_LOW] = { "balance_low", "modem,amount,limit",
	    "kabar: pulsa modem {modem} tinggal Rp{amount}, di bawah "
	    "Rp{limit}. Mohon isi ulang.",
	    "kabar: credit on modem {modem} is Rp{amount}, below Rp{limit}. "
	    "Please top up." },
	[R_BALANCE_UNREAD] = { "balance_unread", "modem,answer",
	    "Pulsa modem {modem} tidak terbaca: {answer}",
	    "Credit on modem {modem} could not be read: {answer}" },
	/*
	 * Menu screens, over USSD and MENU by SMS. The digits that go with
	 * them ("0. ", "9. ") and the CON/END a USSD answer starts with are
	 * the protocol's, not text, so an override cannot break them.
	 */
	[R_MENU_NONE] = { "menu_none", "",
	    "Menu belum tersedia. Kirim INFO lewat SMS.",
	    "No menu here. Send HELP by SMS." },
	[R_MENU_WRONG] = { "menu_wrong", "",
	    "Pilihan salah, coba lagi.",
	    "Wrong choice, try again." },
	[R_MENU_BACK] = { "menu_back", "",
	    "Kembali",
	    "Back" },
	[R_MENU_MORE] = { "menu_more", "",
	    "Lagi",
	    "More" },
	[R_MENU_POLLS] = { "menu_polls", "",
	    "Pilih polling:",
	    "Choose a poll:" },
	[R_MENU_NO_POLL] = { "menu_no_poll", "",
	    "Polling tidak ada.",
	    "No such poll." },
	[R_MENU_GROUPS] = { "menu_groups", "",
	    "Grup Anda:",
	    "Your group:" },
	[R_MENU_TICKET] = { "menu_ticket", "",
	    "Nomor tiket:",
	    "Ticket number:" },
	[R_MENU_COMPLAINT] = { "menu_complaint", "",
	    "Tulis aduan Anda:",
	    "Your complaint:" },
	[R_MENU_NAME] = { "menu_name", "",
	    "Nama Anda:",
	    "Your name:" },
	[R_USSD_EXPIRED] = { "ussd_expired", "",
	    "Sesi sudah berakhir. Silakan tekan kodenya lagi.",
	    "The session has ended. Please dial again." },
	[R_USSD_TOO_MANY] = { "ussd_too_many", "",
	    "Terlalu banyak permintaan. Coba lagi sebentar lagi.",
	    "Too many requests. Please try again in a moment." },
	[R_USSD_FAULT] = { "ussd_fault", "",
	    "Maaf, ada gangguan. Coba lagi nanti.",
	    "Sorry, something went wrong. Please try again later." },
	[R_ROBOT_MUTED] = { "robot_muted", "phone",
	    "kabar: {phone} mencapai batas balasan 3 jam berturut-turut "
	    "(mesin penjawab?). Tidak dibalas selama 24 jam; pesannya tetap "
	    "dicatat.",
	    "kabar: {phone} reached the reply cap 3 hours in a row (an "
	    "answering robot?). No replies to it for 24 hours; its messages "
	    "are still recorded." },
};

static const struct {
	const char *status, *en;
} labels[] = {
	{ "diterima", "received" },
	{ "siap", "ready" },
	{ "baru", "new" },
	{ "diproses", "in progress" },
	{ "selesai", "done" },
	{ "ditolak", "rejected" },
};

const char *
status_label(const char *language, const char *status)
{
	size_t i;

	if (language == NULL || strcmp(language, "en") != 0)
		return status;
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].status, status) == 0)
			return labels[i].en;
	return status;
}

const struct reply_def *
reply_def(enum reply_id id)
{
	if ((int)id < 0 || id >= R_COUNT)
		return NULL;
	return &defs[id];
}

int
reply_lookup(const char *name)
{
	int i;

	for (i = 0; i < R_COUNT; i++)
		if (strcmp(defs[i].name, name) == 0)
			return i;
	return -1;
}

void
replies_defaults(struct replies *r, const char *language)
{
	int en = language != NULL && strcmp(language, "en") == 0;
	int i;

	for (i = 0; i < R_COUNT; i++) {
		r->text[i] = en ? defs[i].text_en : defs[i].text_id;
		r->owned[i] = NULL;
	}
}

void
replies_release(struct replies *r)
{
	int i;

	for (i = 0; i < R_COUNT; i++) {
		free(r->owned[i]);
		r->owned[i] = NULL;
	}
}

static int
var_allowed(const char *vars, const char *name, size_t n)
{
	const char *p = vars;

	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
reply_check_vars(enum reply_id id, const char *text, char *bad,
    size_t badsz)
{
	const char *p = text;

	while ((p = strchr(p, '{')) != NULL) {
		const char *end = strchr(p, '}');
		size_t n;

		if (end == NULL)
			break;
		n = (size_t)(end - p - 1);
		if (!var_allowed(defs[id].vars, p + 1, n)) {
			if (badsz > 0) {
				size_t c = n < badsz - 1 ? n : badsz - 1;

				memcpy(bad, p + 1, c);
				bad[c] = '\0';
			}
			return -1;
		}
		p = end + 1;
	}
	return 0;
}

void
reply_render(struct strbuf *out, const char *tmpl, const char *const *kv)
{
	const char *p = tmpl;

	while (*p != '\0') {
		const char *open = strchr(p, '{'), *close;
		const char *const *k;

		if (open == NULL) {
			sb_adds(out, p);
			return;
		}
		sb_add(out, p, (size_t)(open - p));
		close = strchr(open, '}');
		if (close == NULL) {
			sb_adds(out, open);
			return;
		}
		for (k = kv; k != NULL && k[0] != NULL; k += 2) {
			size_t n = (size_t)(close - open - 1);

			if (strlen(k[0]) == n && strncmp(k[0], open + 1, n) == 0)
				break;
		}
		if (k != NULL && k[0] != NULL)
			sb_adds(out, k[1] != NULL ? k[1] : "");
		else
			sb_add(out, open, (size_t)(close - open + 1));
		p = close + 1;
	}
}
