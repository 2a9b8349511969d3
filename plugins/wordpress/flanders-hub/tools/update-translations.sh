#!/usr/bin/env bash
# Regenerates languages/flanders-hub.pot from the PHP files, the editor script
# and block.json, with Debian's gettext (`wp i18n make-pot .` from WP-CLI gives
# the same strings), then updates and compiles the translations. Run from
# anywhere: tools/update-translations.sh (needs gettext and php-cli)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v xgettext >/dev/null || { echo "error: xgettext missing: apt-get install gettext" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
common=(--from-code=UTF-8 --no-wrap --sort-by-file --add-comments=translators: --package-name="Flanders Academic Hub"
  --package-version="$(sed -n 's/^ \* Version: *//p' flanders-hub.php)" --msgid-bugs-address="plugins/wordpress/flanders-hub/README.md"
  --keyword --keyword=__ --keyword=_e --keyword=esc_html__ --keyword=esc_html_e
  --keyword=esc_attr__ --keyword=esc_attr_e --keyword=_x:1,2c --keyword=_n:1,2)
find . -name '*.php' -not -path './tests/*' | LC_ALL=C sort \
  | xgettext "${common[@]}" --language=PHP --files-from=- -o "$tmp/php.pot"
xgettext "${common[@]}" --language=JavaScript -o "$tmp/js.pot" blocks/widget/editor.js
# The plugin header and block.json, with the contexts WordPress translates them with.
php -r '
  $block = json_decode(file_get_contents("blocks/widget/block.json"), true);
  preg_match("/^ \\* Description: *(.*)$/m", file_get_contents("flanders-hub.php"), $description);
  $entries = array(array("", $description[1]), array("block title", $block["title"]), array("block description", $block["description"]));
  foreach ($block["keywords"] as $keyword) { $entries[] = array("block keyword", $keyword); }
  echo "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n";
  foreach ($entries as $entry) {
    $context = "" === $entry[0] ? "#: flanders-hub.php\n" : "#: blocks/widget/block.json\nmsgctxt \"$entry[0]\"\n";
    printf("\n%smsgid \"%s\"\nmsgstr \"\"\n", $context, addcslashes($entry[1], "\"\\"));
  }' > "$tmp/block.pot"
sed -i 's/charset=CHARSET/charset=UTF-8/' "$tmp/php.pot" "$tmp/js.pot"
msgcat --no-wrap --use-first "$tmp/php.pot" "$tmp/js.pot" "$tmp/block.pot" -o languages/flanders-hub.pot
echo "languages/flanders-hub.pot: $(grep -c '^msgid "[^"]' languages/flanders-hub.pot) strings"
# Bring the translations up to date with the template, then compile them:
# flanders-hub-<lang>.mo for PHP and flanders-hub-<lang>-editor.json (Jed, as
# `wp i18n make-json` writes) for the block editor script. The plugin loads
# them for every locale of the language (nl_BE and nl_NL alike).
for po in languages/flanders-hub-*.po; do
  lang=$(basename "$po" .po); lang=${lang#flanders-hub-}
  msgmerge --quiet --update --no-wrap --backup=none "$po" languages/flanders-hub.pot
  msgfmt --check -o "languages/flanders-hub-$lang.mo" "$po"
  php -r '
    $lang = $argv[1];
    $entries = array();
    foreach (preg_split("/\n\n+/", file_get_contents($argv[2])) as $block) {
      if (false === strpos($block, "#: blocks/widget/editor.js")) { continue; }
      preg_match("/^msgid \"(.*)\"$/m", $block, $id);
      preg_match("/^msgstr \"(.*)\"$/m", $block, $str);
      if ("" !== $str[1]) { $entries[stripcslashes($id[1])] = array(stripcslashes($str[1])); }
    }
    ksort($entries);
    $messages = array("" => array("domain" => "messages", "lang" => $lang)) + $entries;
    $json = array("domain" => "messages", "locale_data" => array("messages" => $messages));
    echo json_encode($json, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT), "\n";
  ' "$lang" "$po" > "languages/flanders-hub-$lang-editor.json"
  echo "languages/flanders-hub-$lang: $(msgfmt --statistics -o /dev/null "$po" 2>&1)"
done
