#!/usr/bin/env bash
# Installs the stand-in Terraform providers into DIR (default: .cache/tf-stub at the repository root) from this
# repository's own files; the network is needed only for `pip install tf` on the first run.
#
#   usage: tests/verify/stubprovider/install.sh [DIR]
#
#   DIR/venv/         python3 -m venv, with the PyPI `tf` provider framework (grpc, protobuf, msgpack)
#   DIR/lib/          stubprovider/*.py and provider-schemas.json, copied
#   DIR/mirror/       one launcher per provider of provider-schemas.json, as a Terraform filesystem mirror:
#                     registry.terraform.io/hashicorp/<name>/<version>/<os>_<arch>/terraform-provider-<name>_v<version>
#   DIR/terraformrc   the Terraform CLI configuration that installs hashicorp/* from that mirror only
#   DIR/stamp.json    what the install was made from (stamp.py), written last
# Prints the line `export TF_CLI_CONFIG_FILE=DIR/terraformrc`. Rerunning refreshes lib/, the launchers and the stamp.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
schema="$here/../data/provider-schemas.json"
python="${PYTHON:-python3}"
tf_requirement="tf==1.2.0"

mkdir -p "${1:-$repo/.cache/tf-stub}"
dir="$(cd "${1:-$repo/.cache/tf-stub}" && pwd)"

case "$(uname -s)_$(uname -m)" in
  Linux_x86_64) platform=linux_amd64 ;;
  Linux_aarch64 | Linux_arm64) platform=linux_arm64 ;;
  Darwin_x86_64) platform=darwin_amd64 ;;
  Darwin_arm64) platform=darwin_arm64 ;;
  *) echo "stub providers: unsupported platform $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 10) and "stub providers: Python >= 3.10 needed (tf)")'

rm -f "$dir/stamp.json"  # an interrupted install must not look current

# 1. the framework, in its own venv (its grpc and protobuf pins stay out of the project's environment)
if ! "$dir/venv/bin/python" -c "import tf.runner, grpc, msgpack" 2>/dev/null; then
  rm -rf "${dir:?}/venv"
  "$python" -m venv "$dir/venv"
  "$dir/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$tf_requirement"
fi

# 2. the provider program and the schemas
rm -rf "${dir:?}/lib"
mkdir -p "$dir/lib/stubprovider" "$dir/home"
cp "$here"/*.py "$dir/lib/stubprovider/"
cp "$schema" "$dir/lib/provider-schemas.json"

# 3. one launcher per provider (`python -I`: no PYTHONPATH, user site or working directory on sys.path)
rm -rf "${dir:?}/mirror"
"$python" -c '
import json, sys
for name, entry in sorted(json.load(open(sys.argv[1]))["providers"].items()):
    print(name, entry["source"], entry["version"])' "$schema" |
  while read -r name source version; do
    target="$dir/mirror/registry.terraform.io/$source/$version/$platform"
    mkdir -p "$target"
    launcher="$target/terraform-provider-${name}_v${version}"
    cat > "$launcher" <<EOF
#!/bin/sh
# stand-in for $source $version: the vendored schema, nothing real (tests/verify/stubprovider)
HOME="$dir/home" exec "$dir/venv/bin/python" -I -c 'import sys; sys.path.insert(0, sys.argv[1]); from stubprovider.server import main; main(sys.argv[2:])' "$dir/lib" "$dir/lib/provider-schemas.json" $name "\$@"
EOF
    chmod +x "$launcher"
    # the provider starts and serves its schema (and the TLS certificate the go-plugin handshake uses is made)
    HOME="$dir/home" "$dir/venv/bin/python" -I -c 'import sys; sys.path.insert(0, sys.argv[1]); from stubprovider.server import main; main(sys.argv[2:])' "$dir/lib" "$dir/lib/provider-schemas.json" "$name" --describe >&2
  done
HOME="$dir/home" "$dir/venv/bin/python" -c "from tf.runner import _self_signed_cert; _self_signed_cert()"

# 4. the Terraform CLI configuration
cat > "$dir/terraformrc" <<EOF
# Terraform CLI configuration for the stand-in providers (tests/verify/stubprovider/install.sh)
disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = "$dir/mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
}
EOF

"$python" "$here/stamp.py" "$dir" > "$dir/stamp.json"
echo "export TF_CLI_CONFIG_FILE=$dir/terraformrc"
