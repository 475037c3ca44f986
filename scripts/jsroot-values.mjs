// How the JSROOT dump scripts spell a value in JSON: 64-bit integers (BigInt) as strings, NaN, Infinity, -Infinity
// and -0 as strings (JSON has none of them), typed arrays and arrays element by element.
export const plain = v => {
   if (typeof v === 'bigint') return v.toString();
   if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return Object.is(v, -0) ? '-0' : String(v);
   if (ArrayBuffer.isView(v)) return Array.from(v, plain);
   if (Array.isArray(v)) return v.map(plain);
   return v;
};
