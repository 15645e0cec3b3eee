# Turns conf/kabar.conf.example into the /etc/kabar/kabar.conf the kabar
# package ships (debian/rules; tests/checks/deb.sh checks the result).
# The example's demo admins have plain PINs, its complaints go to a demo
# number and its USSD key is "change-me": the packaged file starts with
# no admin, no contact, and HTTP off, and says what to fill in.
1i\
# Installed by the Debian package kabar: no admin, no complaint contact\
# and HTTP off until you set them. Fill in gateway.id, the modems, the\
# admins (a pin_hash from `kabar pin-hash`), then\
# `kabard --check -c /etc/kabar/kabar.conf` and `systemctl restart kabard`.\
# Every key: kabar.conf(5).\

/^admins = ($/,/^);$/c\
# None until you add them, e.g. with a hash from `kabar pin-hash`:\
#   { phone = "+62812..."; name = "Kepala Desa"; pin_hash = "..."; role = "head"; }\
admins = ( );
/^  { code = "PU";/s/contacts = ( "[^"]*" )/contacts = ( )/
/^http : {$/,/^};$/{
  s/^  enabled = true;$/  # Off until an aggregator's key is set below.\
  enabled = false;/
  s/^  ussd_key = "change-me";$/  ussd_key = "";/
}
