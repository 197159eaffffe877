#!/usr/bin/env bash
# Keeps throwing and undefined reads of foreign JSON out of the product.
#
# JSON from outside our control — API server answers and live objects, exec-credential plugins,
# the nodes state file, CRDs given to `betelgeuse check` — is read through k8s::JsonView
# (src/k8s/json_view.h), which never throws and never assumes a shape. nlohmann::json's own
# readers do both: value(key, default) throws type_error when the member has another type or the
# JSON is no object, at() throws when the key is missing, a const operator[] on a missing key is
# undefined behaviour and a non-const one on a non-object throws.
#
# In the folders that handle foreign JSON (FOLDERS below; tests excluded) a line fails when it has
#   1. `.value(` with an argument: json::value(key, default). std::optional's and Result's
#      `.value()` take none and pass.
#   2. `.at(` with a string literal, a number or a JSON pointer: json::at(key). A grep cannot tell
#      `map.at(variable)` from `json.at(variable)`; those pass.
#   3. a subscript by a string literal or a kConstant, `x["key"]` / `x[kKey]`, that reads — unless
#      `x` is a JsonView: made in place (`JsonView(json)["key"]`) or declared with its type in the
#      same file (`JsonView name`, parameters, loop variables and functions included; the values
#      of `auto [key, value] : ….members()`). A subscript that writes is building JSON and passes:
#      `x["key"] = …` (or `+=` …), `x["key"].push_back(…)` / `.emplace…` / `.erase(…)` /
#      `.update(…)` / `.insert(…)`, and a mutable `json& name = x["key"]`.
# A line that reads JSON of our own render may say so with the marker `// json: ours`; it is then
# not checked. Strings and comments are not code to this script: a "[" inside either is ignored.
# Not caught, because a grep cannot tell them from a map's or a checked read: a subscript by a
# variable (`j[name]`), `get<T>()`, and a view known by a name that a raw JSON in the same file
# also has. Review keeps those to JsonView too.
#
# src/catalog is checked too: user blueprints are read as yaml::Nodes (catalog/blueprint_reader.h),
# and the fields it copies as JSON are checked against their shapes first, so no raw JSON read
# belongs there. src/check's rules read manifests as yaml::Nodes
# (check/value.h); its JSON is the schemas and the CRDs.
#
# Usage: scripts/lint-foreign-json.sh [ROOT]   (ROOT: a checkout, default this one)
# Exit: 0 clean; 1 findings, one line each: `file:line: what is wrong; what to use instead`;
# 2 usage error.
set -euo pipefail

FOLDERS=(src/apply src/catalog src/check src/k8s src/kube src/nodes src/secrets)

root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
if [ $# -gt 1 ] || [ ! -d "$root" ]; then
  echo "usage: $0 [ROOT]" >&2
  exit 2
fi
cd "$root"

files=()
for folder in "${FOLDERS[@]}"; do
  [ -d "$folder" ] || continue
  while IFS= read -r f; do files+=("$f"); done < <(find "$folder" -type f \( -name '*.cc' -o -name '*.h' \) ! -name '*_test.cc' | sort)
done
[ ${#files[@]} -gt 0 ] || exit 0

perl -e '
use strict;
use warnings;

my $findings = 0;
my $key = qr/(?:"S"|k[A-Z]\w*)/;   # a string literal (after blanking) or a kConstant

# The code of a line: string and character literals blanked to "S" and c, comments removed.
# $$in_block carries a /* comment */ across lines.
sub code_of {
  my ($line, $in_block) = @_;
  my $out = "";
  while (length $line) {
    if ($$in_block) {
      if ($line =~ s{^.*?\*/}{}s) { $$in_block = 0; next; }
      return $out;
    }
    if ($line =~ s{^R"([^(\s]*)\(.*?\)\1"}{}) { $out .= q{"S"}; next; }
    if ($line =~ s{^"(?:[^"\\]|\\.)*"}{}) { $out .= q{"S"}; next; }
    if ($line =~ s{^\x27(?:[^\x27\\]|\\.)*\x27}{}) { $out .= "c"; next; }
    if ($line =~ m{^//}) { return $out; }
    if ($line =~ s{^/\*}{}) { $$in_block = 1; next; }
    $line =~ s{^(.)}{}s;
    $out .= $1;
  }
  return $out;
}

# From the "[" at $open, the index just past its matching "]" (or -1).
sub close_of {
  my ($s, $open) = @_;
  my $depth = 0;
  for (my $i = $open; $i < length $s; $i++) {
    my $c = substr($s, $i, 1);
    $depth++ if $c eq "[";
    if ($c eq "]") { $depth--; return $i + 1 if $depth == 0; }
  }
  return -1;
}

# From the closer at $close ("]" or ")"), the index of its matching opener (or -1).
sub open_of {
  my ($s, $close) = @_;
  my $closer = substr($s, $close, 1);
  my $opener = $closer eq "]" ? "[" : "(";
  my $depth = 0;
  for (my $i = $close; $i >= 0; $i--) {
    my $c = substr($s, $i, 1);
    $depth++ if $c eq $closer;
    if ($c eq $opener) { $depth--; return $i if $depth == 0; }
  }
  return -1;
}

my %said;
sub report {
  my ($file, $n, $what) = @_;
  return if $said{"$file:$n: $what"}++;   # the same read twice on a line is one finding
  print "$file:$n: $what\n";
  $findings++;
}

for my $file (@ARGV) {
  open(my $fh, "<", $file) or die "$file: $!\n";
  my @raw = <$fh>;
  close $fh;
  my $in_block = 0;
  my @code = map { code_of($_, \$in_block) } @raw;
  my $all = join("\n", @code);

  # Views by name: declared with their type, or the values of members().
  my %views = (JsonView => 1);
  $views{$1} = 1 while $all =~ /\bJsonView\s*&?\s+(\w+)/g;
  $views{$1} = 1 while $all =~ /\bauto\s*&{0,2}\s*\[\s*\w+\s*,\s*(\w+)\s*\]\s*:[^;]*?\.members\(\)/g;

  for my $i (0 .. $#code) {
    next if $raw[$i] =~ m{//\s*json:\s*ours\b};
    my $c = $code[$i];
    my $n = $i + 1;
    report($file, $n, "json::value(key, default) throws on a member of another type; read through k8s::JsonView: view[\"key\"].str(fallback), .integer(), .boolean(), or mark the line `// json: ours` if the JSON is our own render")
      if $c =~ /\.value\(\s*[^)\s]/;
    report($file, $n, "json::at() throws on a missing key; read through k8s::JsonView (a missing step reads as absent), or mark the line `// json: ours` if the JSON is our own render")
      if $c =~ /\.at\(\s*(?:"|\d|[\w:]*json_pointer)/;
    my $mutable_binding = $c =~ /(?<!const )(?<![\w:])(?:nlohmann::)?(?:json|Json)\s*&\s*\w+\s*=/;
    while ($c =~ /\[$key\]/g) {
      my $at = $-[0];
      # Walk back over the chain of subscripts to the expression they apply to.
      my $end = $at;
      while ($end > 0 && substr($c, $end - 1, 1) eq "]") {
        my $o = open_of($c, $end - 1);
        last if $o < 0;
        $end = $o;
      }
      my $before = substr($c, 0, $end);
      next unless $before =~ /[\w)]\s*$/;   # "[" opening a list or a lambda, not a subscript
      my ($root, $start);
      if ($before =~ /\)\s*$/) {
        my $close = length($before) - 1;
        $close-- while substr($before, $close, 1) ne ")";
        $start = open_of($before, $close);
        if ($start > 0 && substr($before, 0, $start) =~ /(\w+)$/) { $root = $1; $start = $-[1]; }
        $start = 0 if $start < 0;
      } else {
        $before =~ /(\w+)\s*$/;
        ($root, $start) = ($1, $-[1]);
      }
      next if defined $root && $views{$root} && $before !~ /(?:\.|->)\s*\w+\s*$/;
      # Walk forward over the rest of the chain: what is done with it decides.
      my $after = $at;
      while ($after < length($c) && substr($c, $after, 1) eq "[") {
        my $e = close_of($c, $after);
        last if $e < 0;
        $after = $e;
      }
      my $rest = substr($c, $after);
      next if $rest =~ /^\s*[-+*\/|&^]?=(?!=)/;
      next if $rest =~ /^\s*\.(?:push_back|emplace_back|emplace|erase|update|insert|merge_patch)\(/;
      next if $mutable_binding;
      my $expr = substr($c, $start, $after - $start);
      $expr =~ s/"S"/"…"/g;
      report($file, $n, "$expr reads raw JSON (const operator[] on a missing key is undefined behaviour, non-const throws on a non-object); read through a view declared `JsonView name = …`, or mark the line `// json: ours` if the JSON is our own render");
    }
  }
}
exit($findings ? 1 : 0);
' "${files[@]}"
