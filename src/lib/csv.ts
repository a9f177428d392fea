/**
 * RFC 4180 CSV with a UTF-8 byte order mark, so that Excel opens accents and Arabic correctly.
 * Cells that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null) => {
    if (value === null) return ''
    let s = String(value)
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",;\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
  }
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}
