// A test-only MS-OVBA compressor (2.4.1.3.x, the spec's own algorithm) so that decompression can
// be checked in both directions and on inputs the spec's examples do not cover. Not shipped.

function bitCount(position: number): number {
  let bits = 4;
  while (1 << bits < position) bits++;
  return bits;
}

function compressChunk(data: Uint8Array, start: number, end: number): number[] {
  const out: number[] = [];
  let cur = start;
  while (cur < end) {
    const flagIndex = out.length;
    out.push(0);
    for (let bit = 0; bit < 8 && cur < end; bit++) {
      // Matching (2.4.1.3.19.4): the longest match, the nearest on ties.
      const bits = bitCount(cur - start);
      const maxLength = (0xffff >> bits) + 3;
      let bestLen = 0;
      let bestCand = 0;
      for (let cand = cur - 1; cand >= start; cand--) {
        let len = 0;
        while (cur + len < end && len < maxLength && data[cand + len] === data[cur + len]) len++;
        if (len > bestLen) {
          bestLen = len;
          bestCand = cand;
        }
      }
      if (bestLen >= 3) {
        const token = ((cur - bestCand - 1) << (16 - bits)) | (bestLen - 3);
        out.push(token & 0xff, token >> 8);
        out[flagIndex]! |= 1 << bit;
        cur += bestLen;
      } else {
        out.push(data[cur]!);
        cur++;
      }
    }
  }
  return out;
}

export function compressOvba(data: Uint8Array): Uint8Array {
  const out: number[] = [0x01];
  for (let start = 0; start < data.length; start += 4096) {
    const end = Math.min(start + 4096, data.length);
    const body = compressChunk(data, start, end);
    if (body.length <= 4096) {
      const header = 0xb000 | (body.length + 2 - 3);
      out.push(header & 0xff, header >> 8, ...body);
    } else {
      // A raw chunk always holds 4096 bytes (padded with zeros when the data is shorter).
      out.push(0xff, 0x3f);
      for (let i = start; i < start + 4096; i++) out.push(i < end ? data[i]! : 0);
    }
  }
  return Uint8Array.from(out);
}
