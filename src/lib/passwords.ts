// Password policy: long enough, and not one of the passwords attackers try first.
// The list holds common passwords of 12+ characters (shorter ones fail the length rule anyway),
// drawn from the patterns that dominate public breach corpora.
const COMMON = new Set(
  [
    "password1234",
    "password12345",
    "password123456",
    "passwordpassword",
    "123456789012",
    "1234567890123",
    "12345678901234",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwertyuiopasdf",
    "qwerty123456",
    "qwertyqwerty",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "zaq12wsxcde3",
    "iloveyou1234",
    "administrator",
    "administrator1",
    "letmein12345",
    "welcome12345",
    "welcome123456",
    "changeme1234",
    "changemenow1",
    "abcdefghijkl",
    "abcdef123456",
    "abc123456789",
    "aaaaaaaaaaaa",
    "111111111111",
    "000000000000",
    "football1234",
    "baseball1234",
    "sunshine1234",
    "princess1234",
    "superman1234",
    "trustno11234",
    "monkey123456",
    "dragon123456",
    "master123456",
    "starwars1234",
    "whatever1234",
    "passw0rd1234",
    "p@ssword1234",
    "p@ssw0rd1234",
    "Password1234",
    "Password123!",
    "Passw0rd1234",
    "Welcome12345",
    "Summer2024!!",
    "Winter2024!!",
    "Spring2025!!",
    "withus123456",
    "withuswithus",
    "commissioner",
    "commissioner1",
    "serviceuser1",
  ].map((p) => p.toLowerCase()),
);

const MIN_PASSWORD_LENGTH = 12;

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return "must be at most 256 characters";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "is too common: choose a password people would not guess";
  if (/^(.)\1+$/.test(password)) return "is one character repeated: choose something less guessable";
  if (isSequence(lower)) return "is a simple sequence: choose something less guessable";
  for (const c of context) {
    const bit = c.toLowerCase().split("@")[0]!;
    if (bit.length >= 4 && lower.includes(bit)) return "must not contain your name or email address";
  }
  return null;
}

function isSequence(s: string): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    if (d !== 1) up = false;
    if (d !== -1) down = false;
  }
  return up || down;
}
