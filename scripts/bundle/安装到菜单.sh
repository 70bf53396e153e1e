#!/bin/sh
# 把 renda 加入本用户的应用程序菜单和桌面（不需要管理员权限）。
# 写入 ~/.local/share/applications/renda.desktop，指向本文件夹里的“启动 renda.sh”。
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed "s|^Exec=.*|Exec=\"$here/启动 renda.sh\"|" "$here/renda.desktop" > "$apps/renda.desktop"
chmod +x "$apps/renda.desktop"
desktop=$(xdg-user-dir DESKTOP 2>/dev/null || echo "$HOME/Desktop")
if [ -d "$desktop" ]; then
  cp "$apps/renda.desktop" "$desktop/renda.desktop"
  chmod +x "$desktop/renda.desktop"
  # GNOME 系桌面要求标记为可信才能双击启动。
  command -v gio >/dev/null 2>&1 && gio set "$desktop/renda.desktop" metadata::trusted true 2>/dev/null
fi
echo "已加入应用程序菜单：$apps/renda.desktop"
