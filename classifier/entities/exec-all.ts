/** Every match of a global regex, from the start of the text. */
export function execAll(re: RegExp, text: string): RegExpExecArray[] {
  // An exec loop on the shared regex: `matchAll` clones the regex and builds an iterator per call.
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}
