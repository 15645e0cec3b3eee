// The district console's words: Bahasa Indonesia by default, English
// when the district says language = "en".
const WORDS = {
  desa: ['Desa', 'Villages'],
  aduan: ['Aduan', 'Complaints'],
  kampanye: ['Kampanye', 'Campaigns'],
  phone: ['Nomor HP', 'Phone number'],
  password: ['Kata sandi', 'Password'],
  login: ['Masuk', 'Log in'],
  logout: ['Keluar', 'Log out'],
  login_title: ['Masuk ke konsol kabupaten', 'Log in to the district console'],
  login_failed: ['Nomor HP atau kata sandi salah.', 'Wrong phone number or password.'],
  locked: ['Terlalu banyak percobaan. Coba lagi dalam {n} menit.', 'Too many attempts. Try again in {n} minutes.'],
  session_over: ['Sesi berakhir. Silakan masuk lagi.', 'Your session ended. Please log in again.'],
  error: ['Terjadi kesalahan', 'Something went wrong'],
  offline: ['Server kabupaten tidak terjangkau', 'The district server cannot be reached'],
  none: ['Tidak ada.', 'None.'],
  all: ['Semua', 'All'],
  village: ['Desa', 'Village'],
  region: ['Kecamatan', 'Region'],
  release: ['Rilis', 'Release'],
  last_contact: ['Kontak terakhir', 'Last contact'],
  records: ['Catatan', 'Records'],
  newest: ['Catatan terbaru', 'Newest record'],
  state: ['Keadaan', 'State'],
  quiet: ['sepi', 'quiet'],
  active: ['aktif', 'active'],
  revoked: ['dicabut', 'revoked'],
  never: ['belum pernah', 'never'],
  quiet_for: ['Sepi lebih dari', 'Quiet for more than'],
  quiet_only: ['Hanya desa yang sepi', 'Quiet villages only'],
  villages_n: ['{n} desa, {q} sepi', '{n} villages, {q} quiet'],
  open_by_age: ['Aduan terbuka menurut umur dan kategori', 'Open complaints by age and category'],
  category: ['Kategori', 'Category'],
  no_category: ['(tanpa kategori)', '(no category)'],
  open_n: ['Terbuka', 'Open'],
  status: ['Status', 'Status'],
  st_open: ['terbuka', 'open'],
  st_closed: ['ditutup', 'closed'],
  st_baru: ['baru', 'new'],
  st_diproses: ['diproses', 'in progress'],
  st_selesai: ['selesai', 'done'],
  st_ditolak: ['ditolak', 'rejected'],
  ticket: ['Tiket', 'Ticket'],
  age: ['Umur', 'Age'],
  erased: ['(dihapus atas permintaan warga)', '(erased at the resident\'s request)'],
  filter: ['Saring', 'Filter'],
  complaints_n: ['{n} aduan', '{n} complaints'],
  prev: ['Sebelumnya', 'Previous'],
  next: ['Berikutnya', 'Next'],
  page: ['halaman {p} dari {n}', 'page {p} of {n}'],
  poll: ['Polling', 'Poll'],
  survey: ['Survei', 'Survey'],
  open: ['dibuka', 'open'],
  closed: ['ditutup', 'closed'],
  reported: ['{r} dari {a} desa sudah melapor', '{r} of {a} villages have reported'],
  results: ['Hasil', 'Results'],
  overall: ['Seluruh kabupaten', 'Whole district'],
  per_village: ['Per desa', 'Per village'],
  votes: ['suara', 'votes'],
  responses: ['jawaban', 'responses'],
  csv: ['Unduh CSV', 'Download CSV'],
  closes_at: ['ditutup pada', 'closes at'],
  mean: ['rata-rata', 'mean'],
  min: ['terendah', 'lowest'],
  max: ['tertinggi', 'highest'],
  answers: ['jawaban teks', 'text answers'],
  d_lt1: ['< 1 hari', '< 1 day'],
  d_1_7: ['1–7 hari', '1–7 days'],
  d_7_30: ['7–30 hari', '7–30 days'],
  d_gt30: ['> 30 hari', '> 30 days'],
  days: ['{n} hari', '{n} days'],
  hours_ago: ['{n} jam', '{n} h'],
  minutes_ago: ['{n} menit', '{n} min'],
  hours: ['{n} jam', '{n} hours'],
};
let en = false;
export function setLang(code) {
  en = code === 'en';
  document.documentElement.lang = en ? 'en' : 'id';
}
// t('key', {n: 3}) with its {placeholders} filled.
export function t(key, vars) {
  const w = WORDS[key];
  let s = w ? w[en ? 1 : 0] : key;
  for (const [k, v] of Object.entries(vars || {})) s = s.replace('{' + k + '}', String(v));
  return s;
}
export function english() { return en; }
