#!/bin/sh
# Update this app's catalogues (fr, ar). peacetrack/cli.py and peacetrack/demo/ are not Django
# apps, so their strings live here too: makemessages sees only this directory, so they are
# extracted with xgettext and merged in. Run from anywhere; needs GNU gettext.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
PYTHONPATH="$root" DJANGO_SETTINGS_MODULE=config.settings "$root/.venv/bin/django-admin" \
    makemessages -l fr -l ar --no-location --keep-pot
xgettext --language=Python --from-code=UTF-8 --no-location --keyword=_ --keyword=gettext \
    --keyword=gettext_lazy --keyword=ngettext:1,2 --keyword=gettext_noop \
    --keyword=pgettext:1c,2 -o locale/cli.pot ../cli.py ../demo/__init__.py
sed -i 's/charset=CHARSET/charset=UTF-8/' locale/cli.pot
msgcat --use-first --no-location locale/django.pot locale/cli.pot -o locale/all.pot
for lang in fr ar; do
    po="locale/$lang/LC_MESSAGES/django.po"
    # msgmerge takes translations back from the entries makemessages marked obsolete.
    msgmerge --quiet --update --backup=none --no-location --no-fuzzy-matching "$po" locale/all.pot
    msgattrib --no-obsolete --no-location -o "$po" "$po"
done
rm -f locale/django.pot locale/cli.pot locale/all.pot
PYTHONPATH="$root" DJANGO_SETTINGS_MODULE=config.settings "$root/.venv/bin/django-admin" \
    compilemessages
