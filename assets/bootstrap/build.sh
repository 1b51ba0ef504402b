#!/bin/sh
# Writes static/vendor/bootstrap/bootstrap.min.css from custom.scss, the way Bootstrap builds
# its own dist/css/bootstrap.min.css: Sass, then Autoprefixer for Bootstrap's browsers
# (.browserslistrc), then clean-css. Given bootstrap.scss instead, it writes Bootstrap's own
# dist file byte for byte (less its source-map comment). Needs Node and npm; run it only after
# changing custom.scss or the versions in package.json, and commit what it writes.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
bin=node_modules/.bin
css=../../static/vendor/bootstrap/bootstrap.min.css
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/sass" --style expanded --no-source-map --no-error-css --load-path=node_modules/bootstrap/scss \
  custom.scss "$work/bootstrap.css"
BROWSERSLIST_CONFIG=.browserslistrc "$bin/postcss" --config . --no-map --replace "$work/bootstrap.css"
"$bin/cleancss" -O1 --format breakWith=lf -o "$css" "$work/bootstrap.css"

# Every class the whole of Bootstrap defines: tests/common/test_stylesheet.py checks that each
# one a page uses is in the build.
node -e '
const postcss = require("postcss"), fs = require("fs");
const names = new Set();
postcss.parse(fs.readFileSync(process.argv[1], "utf8")).walkRules(rule => {
  for (const m of rule.selector.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) names.add(m[1]);
});
process.stdout.write([...names].sort().join("\n") + "\n");
' node_modules/bootstrap/dist/css/bootstrap.min.css > bootstrap-classes.txt

wc -c "$css"
