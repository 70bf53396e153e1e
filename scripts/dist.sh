#!/usr/bin/env bash
# Build the bundle a user unpacks and starts:
#   target/dist/renda-<version>-linux-<arch>.tar.gz
# holding renda-<version>-linux-<arch>/ with
#   renda                 the release binary (cargo build --release --locked), stripped
#   启动 renda.sh          the launcher: renda serve --open on the per-user index
#   renda.desktop         a desktop entry for Linux desktops (UOS, Kylin, GNOME, KDE…)
#   安装到菜单.sh           puts that entry in the user's menu and on the desktop
#   快速上手.html / .md    the one-page guide, with its screenshots in img/
#   许可/                  the licences of everything the binary carries
#   系统要求.txt            the glibc it needs, how to build for Windows or ARM
# Usage: scripts/dist.sh            (prints the path of the .tar.gz last)
#   RENDA_BIN=path/to/renda   bundle that binary instead of building one
#   RENDA_DIST_DIR=folder     write there instead of target/dist
# Needs: cargo, python3, strip, objdump (binutils), tar, gzip.
set -euo pipefail
cd "$(dirname "$0")/.."

# (No `| head` after a command that writes more: under pipefail its
# SIGPIPE would fail the script now and then.)
version=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
arch=$(uname -m)
target=$(rustc -vV | sed -n 's/^host: //p')
name="renda-$version-linux-$arch"
dist=${RENDA_DIST_DIR:-target/dist}
out="$dist/$name"

bin=${RENDA_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --locked >&2
  bin=target/release/renda
fi
rm -rf "$out" "$dist/$name.tar.gz"
mkdir -p "$out/许可" "$out/img"

cp "$bin" "$out/renda"
strip "$out/renda"
cp scripts/bundle/"启动 renda.sh" scripts/bundle/renda.desktop scripts/bundle/"安装到菜单.sh" "$out/"
chmod +x "$out/renda" "$out/启动 renda.sh" "$out/安装到菜单.sh"

# The guide: Markdown and HTML (office machines open HTML), screenshots.
cp docs/快速上手.md "$out/快速上手.md"
cp docs/img/快速上手-*.png "$out/img/" 2>/dev/null || true
python3 scripts/md2html.py "$out/快速上手.md" "$out/快速上手.html"

# Licences: the crates compiled in (from Cargo.lock, with the licence files
# each ships) and the data built in.
cargo metadata --format-version 1 --locked --filter-platform "$target" |
  python3 scripts/licences.py "$out/许可"

# The newest glibc symbol version the binary asks for.
glibc=$(objdump -T "$out/renda" | grep -o 'GLIBC_[0-9.]*' | sort -u -V | tail -n 1)
built="$( (. /etc/os-release 2>/dev/null && printf '%s' "${PRETTY_NAME:-}") || true)，glibc $(ldd --version 2>/dev/null | sed -n '1s/.* //p')"
cat > "$out/系统要求.txt" <<TXT
renda $version（$target，构建于 $built）

可运行的系统：64 位 x86 Linux，glibc ${glibc#GLIBC_} 或更新
（程序要求的最新 glibc 符号版本为 $glibc；在终端运行 ldd --version 可看本机的 glibc 版本）。
除 glibc 和 libgcc_s（Linux 系统都自带）外不依赖其他库，不需要安装任何软件；网页在本机浏览器中打开。

本机 glibc 低于此版本时（较早的统信 UOS、银河麒麟等系统的 glibc 通常在 2.28 到 2.31 之间），
程序会报告 “GLIBC_2.xx not found”。这时请在该系统上（或在 glibc 同样旧的系统上）自行构建：
装好 Rust 工具链后，在源代码文件夹中运行 scripts/dist.sh，得到适合该系统的安装包；
或构建不依赖 glibc 的静态版本：
  rustup target add x86_64-unknown-linux-musl
  cargo build --release --locked --target x86_64-unknown-linux-musl
  （需要 musl-tools；此方式尚未经过测试）

启动：双击“启动 renda.sh”（或在终端运行 ./renda serve --open）；运行“安装到菜单.sh”可加入应用程序菜单和桌面。
索引保存在 ~/.local/share/renda/index；renda serve --index 路径 或环境变量 RENDA_INDEX 可改用别的位置。

为其他系统构建（须在该系统上，装好 Rust 工具链后，在源代码文件夹中运行；均未在此测试）：
- Windows（x86_64）：cargo build --release --locked，得到 target\\release\\renda.exe；
  双击 renda.exe 即打开网页版（不带参数、不在终端中运行时等同 renda serve --open），
  索引保存在 %APPDATA%\\renda\\index。
- ARM64 Linux（如飞腾、鲲鹏上的 UOS、麒麟）：在该机器上运行 scripts/dist.sh，
  得到 renda-$version-linux-aarch64.tar.gz。
- 在 x86 Linux 上交叉编译 ARM64：rustup target add aarch64-unknown-linux-gnu，
  安装 gcc-aarch64-linux-gnu，然后
  CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc cargo build --release --locked --target aarch64-unknown-linux-gnu
TXT

tar -C "$dist" -czf "$dist/$name.tar.gz" "$name"
echo "dist: $(du -h "$dist/$name.tar.gz" | cut -f1) $dist/$name.tar.gz (binary $(du -h "$out/renda" | cut -f1), needs $glibc)" >&2
echo "$dist/$name.tar.gz"
