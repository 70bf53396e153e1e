#!/bin/sh
# 启动 renda 的网页版：第一次启动时在网页上选择讲话所在的文件夹、建立索引；
# 以后直接打开检索页。索引保存在本用户的数据文件夹（~/.local/share/renda/index）。
# 网页已在运行（端口 8080 被占用）时，只打开浏览器。
here=$(cd "$(dirname "$0")" && pwd)
port=${RENDA_PORT:-8080}
url="http://127.0.0.1:$port/"
running() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null "${url}api/index" 2>/dev/null
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O /dev/null "${url}api/index" 2>/dev/null
  else
    return 1
  fi
}
if running; then
  exec xdg-open "$url"
fi
exec "$here/renda" serve --open --port "$port" "$@"
