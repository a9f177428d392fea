/**
 * RFC 4180 CSV with a UTF-8 byte order mark, so that Excel opens accents and Arabic correctly.
 * Cells that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe.
 *
 * Separated by semicolons: Excel with Dutch settings (the team's) splits on the list separator of
 * the region, which is ";" in the Netherlands, and shows a comma-separated file as one column.
 * A `sep=;` first line would also work, but Excel then ignores the byte order mark.
 */
export function toCsv(
  header: string[],
  rows: (string | number | null)[][],
  separator: ';' | ',' = ';',
): string {
  const cell = (value: string | number | null) => {
    if (value === null) return ''
    let s = String(value)
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",;\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
  }
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(separator)).join('\r\n') + '\r\n'
}
