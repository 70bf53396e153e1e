#!/usr/bin/env python3
"""The worst file of each class of hostile input for the readers, each in a
folder of its own beside a seed speech, for BENCHMARKS.md:

    python3 benches/hostile_readers.py /tmp/hostile corpus/000_9a31da938358b013.txt
    for d in /tmp/hostile/*/; do
        /usr/bin/time -f "%M KB %e s" target/release/renda index $d --index /tmp/i-$(basename $d)
    done

Web pages nested or left open, Word 97 files whose piece table repeats its
text or whose fields never end (written as OLE compound files here), text,
.docx and .odt files of millions of tiny paragraphs.
"""
import struct, sys
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
def dirent(name, typ, start, size, child=0xFFFFFFFF, left=0xFFFFFFFF, right=0xFFFFFFFF):
    n = (name + '\0').encode('utf-16-le')
    e = n.ljust(64, b'\0') + struct.pack('<HBB', len(n), typ, 1) + struct.pack('<III', left, right, child)
    e += b'\0' * 16 + b'\0' * 4 + b'\0' * 16 + struct.pack('<II', start, size) + b'\0' * 4
    assert len(e) == 128
    return e
def cfb(streams):
    # streams: list of (name, bytes), each padded to >= 4096
    data = []
    sectors = []  # list of 512-byte sectors after header; FAT built later
    starts = []
    for name, b in streams:
        b = b.ljust(4096, b'\0')
        n = (len(b) + 511) // 512
        starts.append((len(sectors), len(b)))
        b = b.ljust(n * 512, b'\0')
        sectors += [b[i*512:(i+1)*512] for i in range(n)]
    dir_sec = len(sectors)
    # root + entries: root child = entry 1, entry1 right = entry2 (names: '1Table' < 'WordDocument' by length then upper)
    ents = dirent('Root Entry', 5, END, 0, child=1)
    ents += dirent(streams[0][0], 2, starts[0][0], starts[0][1], right=2)
    ents += dirent(streams[1][0], 2, starts[1][0], starts[1][1])
    ents += b'\0' * 128
    sectors.append(ents)
    nfat = 1
    while (len(sectors) + nfat) > nfat * 128:
        nfat += 1
    assert nfat <= 109
    fat_start = len(sectors)
    fat = [FREE] * (nfat * 128)
    for s, size in starts:
        k = (size + 511) // 512
        for i in range(k):
            fat[s + i] = s + i + 1 if i < k - 1 else END
    fat[dir_sec] = END
    for i in range(nfat):
        fat[fat_start + i] = FATSECT
    fatb = b''.join(struct.pack('<I', x) for x in fat)
    sectors += [fatb[i*512:(i+1)*512] for i in range(nfat)]
    h = b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' + b'\0' * 16 + struct.pack('<HHHHH', 0x3E, 3, 0xFFFE, 9, 6)
    h += b'\0' * 6 + struct.pack('<IIIIIIIII', 0, nfat, dir_sec, 0, 4096, END, 0, END, 0)
    difat = [fat_start + i for i in range(nfat)] + [FREE] * (109 - nfat)
    h += b''.join(struct.pack('<I', x) for x in difat)
    assert len(h) == 512, len(h)
    return h + b''.join(sectors)
import struct, zipfile, io, os, sys
D=sys.argv[1].rstrip('/')+'/'
SEED=sys.argv[2]
def folder(name, files):
    d=D+name; os.makedirs(d, exist_ok=True)
    import shutil
    shutil.copy(SEED, d)
    for fn, data in files.items():
        open(d+'/'+fn,'wb').write(data if isinstance(data,bytes) else data.encode())
sp='人大代表要密切联系群众，倾听群众呼声。'
pg=lambda o,n,c: '<html><head><meta charset="utf-8"></head><body>'+o*n+'<p>'+sp+'</p>'+c*n+'</body></html>'
folder('html_bi', {'a.html': pg('<b><i>',50000,'')})
folder('html_divs', {'a.html': pg('<div>',100000,'</div>')})
folder('html_unclosed', {'a.html': pg('<div><span>',500000,'')})
folder('html_unclosed64', {'a.html': pg('<div><span>',5900000,'')})
folder('html_nodes64', {'a.html': pg('<i></i>',9000000,'')})
folder('html_brs64', {'a.html': pg('人<br>',9000000,'')})
def word97(text, pieces):
    data=text.encode('utf-16-le'); w=bytearray(1024)
    struct.pack_into('<HHxxxxxxH',w,0,0xA5EC,0xC1,0x0200)
    struct.pack_into('<H',w,32,14); struct.pack_into('<H',w,62,22); struct.pack_into('<H',w,152,93)
    struct.pack_into('<I',w,76,sum(n for _,n in pieces))
    cps=[0]
    for _,n in pieces: cps.append(cps[-1]+n)
    plc=b''.join(struct.pack('<I',c) for c in cps)+b''.join(struct.pack('<HIH',0,1024+2*s,0) for s,_ in pieces)
    clx=b'\x02'+struct.pack('<I',len(plc))+plc
    struct.pack_into('<II',w,154+33*8,0,len(clx))
    return bytes(w)+data, clx
def ole(word, table):
    return cfb([('1Table', table), ('WordDocument', word)])
u='人大代表依法履职，'
once=(u*(2000000//9))
once=''.join('\r' if i%100000==99999 else c for i,c in enumerate(once))
folder('doc_repeats', {'a.doc': ole(*word97(once,[(0,len(once))]*171))})
f='在全县人大工作会议上的讲话\r'+'\x13\x14'*300000+sp+'\r'
folder('doc_fields', {'a.doc': ole(*word97(f,[(0,len(f))]))})
folder('txt10', {'a.txt': '人大\n'*1400000})
folder('txt60', {'a.txt': '人大\n'*8600000})
folder('txt_limit', {'a.txt': '在全县人大工作会议上的讲话\n'+'人大\n'*199998})
def z(entry, head, fill, n, tail):
    b=io.BytesIO(); zf=zipfile.ZipFile(b,'w',zipfile.ZIP_DEFLATED)
    with zf.open(entry,'w', force_zip64=True) as e:
        e.write(head.encode()); ch=(fill*4096).encode()
        for _ in range(n//4096): e.write(ch)
        e.write(tail.encode())
    zf.close(); return b.getvalue()
folder('docx', {'a.docx': z('word/document.xml','<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>','<w:p/>',3800000*1,'</w:body></w:document>')})
folder('docx_limit', {'a.docx': z('word/document.xml','<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>','<w:p><w:r><w:t>人大</w:t></w:r></w:p>',196608,'</w:body></w:document>')})
folder('odt', {'a.odt': z('content.xml','<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>','<text:p>人大</text:p>',3800000,'</office:text></office:body></office:document-content>')})
folder('odt_spaces', {'a.odt': z('content.xml','<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>','人<text:s text:c="1000"/>',4000000,'</text:p></office:text></office:body></office:document-content>')})
