#!/bin/sh
# lint.sh - style checks from STYLE.md on the C sources: 80 columns, no
# vague markers, function length.  Prints what it finds; exit 1 if any.
bad=0
files=$(find src include tests fuzz bench -name '*.[ch]' 2>/dev/null)
for f in $files; do
    awk -v f="$f" 'length($0) > 80 { printf "%s:%d: over 80 columns\n", f, NR; n++ }
        END { exit n > 0 }' "$f" || bad=1
    marks=$(grep -nE '\b(TODO|FIXME|XXX)\b' "$f")
    if [ -n "$marks" ]; then echo "$marks" | sed "s|^|$f:|"; bad=1; fi
    awk -v f="$f" '/^\{/ { s = NR } /^\}/ && s { if (NR - s > 150) {
        printf "%s:%d: function of %d lines (limit 150)\n", f, s, NR - s;
        n++ } s = 0 } END { exit n > 0 }' "$f" || bad=1
done
echo "ten longest functions:"
for f in $(find src -name '*.c'); do
    awk -v f="$f" '/^[a-zA-Z].*\(/ && !/;[ \t]*$/ { name = $0 }
        /^\{/ { s = NR } /^\}/ && s { printf "%5d %s:%d %s\n", NR - s, f, s,
        name; s = 0 }' "$f"
done | sort -rn | head -n 10
exit $bad
