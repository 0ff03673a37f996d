// 13–19 digits, optionally grouped by single spaces or dashes (how card numbers are written).
const CARD_RUN = /\b\d(?:[ -]?\d){12,18}\b/g;

/** True when a digit string passes the Luhn checksum (the one every payment card number carries). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Replaces Luhn-valid digit runs of card-number length in a string. */
export function maskCardNumbers(text: string, mask: string): string {
  if (text.length < 13) return text;
  return text.replace(CARD_RUN, (run) => {
    const digits = run.replace(/[ -]/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? mask : run;
  });
}
