#!/usr/bin/env bash
# Extract the public compatibility targets from local git mirrors into a folder
# outside the repository. Their code is only ever read by our tests; it is never
# committed here.
#
# Usage:
#   scripts/fetch_targets.sh [--dest DIR] [--demo GITDIR] [--skyline GITDIR]
#                            [--tcmpp GITDIR] [--dimina GITDIR]
#
# Each GITDIR is a bare git directory (what the mirror tool returns, for example
# /work/.mirror/wechat-miniprogram+miniprogram-demo/repo). A target whose mirror is
# missing is skipped with a warning, so a partial set of mirrors still works.
# Defaults: DEST=/work/targets, mirrors under $MIRROR_ROOT (default /work/.mirror).
set -euo pipefail

mirror_root=${MIRROR_ROOT:-/work/.mirror}
dest=/work/targets
demo_git=$mirror_root/wechat-miniprogram+miniprogram-demo/repo
skyline_git=$mirror_root/wechat-miniprogram+awesome-skyline/repo
tcmpp_git=$mirror_root/TencentCloud+tcmpp-demo-miniprogram/repo
dimina_git=$mirror_root/didi+dimina/repo

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case $1 in
    --dest) dest=$2; shift 2 ;;
    --demo) demo_git=$2; shift 2 ;;
    --skyline) skyline_git=$2; shift 2 ;;
    --tcmpp) tcmpp_git=$2; shift 2 ;;
    --dimina) dimina_git=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fetch_targets: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

case $dest in
  /*) ;;
  *) dest=$PWD/$dest ;;
esac
repo_top=$(git rev-parse --show-toplevel 2>/dev/null || true)
if [ -n "$repo_top" ] && case $dest/ in "$repo_top"/*) true ;; *) false ;; esac; then
  # Third-party code must never end up inside our checkout by accident.
  echo "fetch_targets: refusing to extract inside the repository ($dest)" >&2
  exit 2
fi

have_mirror() {
  if git --git-dir="$1" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    return 0
  fi
  echo "fetch_targets: warning: no git mirror at $1, skipping $2" >&2
  return 1
}

# extract GITDIR REV FOLDER OUT STRIP: put REV:FOLDER into OUT, dropping STRIP
# leading path components so the app's own files sit directly under OUT.
extract() {
  local git_dir=$1 rev=$2 folder=$3 out=$4 strip=$5
  mkdir -p "$out"
  git --git-dir="$git_dir" archive --format=tar "$rev" "$folder" \
    | tar -x -C "$out" --strip-components="$strip"
}

manifest=()
record() { manifest+=("$1	$2	$3	$4"); }

# ---- wechat-miniprogram/miniprogram-demo -> DEST/miniprogram-demo/{miniprogram,project.config.json}
if have_mirror "$demo_git" miniprogram-demo; then
  out=$dest/miniprogram-demo
  rm -rf "$out"
  rev=$(git --git-dir="$demo_git" rev-parse HEAD)
  extract "$demo_git" "$rev" miniprogram "$out" 0
  # The root project.config.json carries miniprogramRoot, which the compiler must honour.
  git --git-dir="$demo_git" archive --format=tar "$rev" project.config.json sitemap.json \
    | tar -x -C "$out"
  record miniprogram-demo "$rev" miniprogram "$out/miniprogram"
  # packageSkylineExamples is a git submodule (awesome-skyline); app.json lists its pages.
  sub_rev=$(git --git-dir="$demo_git" ls-tree HEAD miniprogram/packageSkylineExamples | awk '{print $3}')
  if [ -n "$sub_rev" ] && have_mirror "$skyline_git" "miniprogram-demo submodule packageSkylineExamples"; then
    if git --git-dir="$skyline_git" cat-file -e "$sub_rev^{commit}" 2>/dev/null; then
      sub_out=$out/miniprogram/packageSkylineExamples
      rm -rf "$sub_out"
      mkdir -p "$sub_out"
      git --git-dir="$skyline_git" archive --format=tar "$sub_rev" | tar -x -C "$sub_out"
      record miniprogram-demo/packageSkylineExamples "$sub_rev" . "$sub_out"
    else
      echo "fetch_targets: warning: submodule commit $sub_rev not in $skyline_git" >&2
    fi
  fi
fi

# ---- TencentCloud/tcmpp-demo-miniprogram -> DEST/tcmpp/<folder>
if have_mirror "$tcmpp_git" tcmpp; then
  out=$dest/tcmpp
  rm -rf "$out"
  rev=$(git --git-dir="$tcmpp_git" rev-parse HEAD)
  for folder in miniprogram e-commerce movie taxi; do
    extract "$tcmpp_git" "$rev" "$folder" "$out" 0
    record tcmpp "$rev" "$folder" "$out/$folder"
  done
fi

# ---- didi/dimina -> DEST/dimina/<app> for every app under fe/example/
if have_mirror "$dimina_git" dimina; then
  out=$dest/dimina
  rm -rf "$out"
  rev=$(git --git-dir="$dimina_git" rev-parse HEAD)
  # An example app is a folder with app.json (mini program) or game.json (mini game).
  apps=$(git --git-dir="$dimina_git" ls-tree --name-only "$rev" fe/example/ | while read -r dir; do
    if git --git-dir="$dimina_git" cat-file -e "$rev:$dir/app.json" 2>/dev/null \
      || git --git-dir="$dimina_git" cat-file -e "$rev:$dir/game.json" 2>/dev/null; then
      echo "$dir"
    fi
  done)
  for dir in $apps; do
    extract "$dimina_git" "$rev" "$dir" "$out" 2
    record dimina "$rev" "$dir" "$out/${dir##*/}"
  done
fi

mkdir -p "$dest"
{
  printf 'target\tcommit\tfolder\textracted_to\n'
  if [ ${#manifest[@]} -gt 0 ]; then printf '%s\n' "${manifest[@]}"; fi
} > "$dest/TARGETS.tsv"
column -t -s "	" "$dest/TARGETS.tsv" 2>/dev/null || cat "$dest/TARGETS.tsv"
