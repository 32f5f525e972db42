import { visible } from '../rights/values.js';

/**
 * What the command line prints: text whose only control character is the line break it means.
 * Anything else a stored value or an argument holds (an escape sequence that retitles or clears
 * the operator's terminal, a bidi override, U+2028) is shown as its code, `\u{1b}`.
 */
export function terminalText(text: string): string {
  return text.split('\n').map(visible).join('\n');
}

// A line break or tab in JSON text is layout (JSON.stringify escapes those inside strings itself).
const hiddenInJson = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * JSON text with the same characters written as JSON's own `\u001b` escapes: the document
 * parses to the same values, and a terminal that shows it acts on nothing.
 */
export function terminalJson(json: string): string {
  return json.replace(hiddenInJson, (c) => Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}
