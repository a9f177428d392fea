// The e-mails Auth sends, in B1 Dutch (see ../shared/B1.md): short sentences, say what to do,
// say what happens if you did not ask for it.
import type { OutgoingMail } from '../mailbox.ts'

export type MailKind = 'login' | 'recovery' | 'email_change' | 'invite' | 'reauthentication'

function validity(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? '1 uur' : `${seconds / 3600} uur`
  const minutes = Math.max(1, Math.round(seconds / 60))
  return minutes === 1 ? '1 minuut' : `${minutes} minuten`
}

const SIGNATURE = 'Groeten,\nEmmer, de ideeënbus van Pact Woensel Zuid'

export function authMail(
  kind: MailKind,
  to: string,
  code: string,
  link: string,
  otpExpiry: number,
  /** For an e-mail change: the address the person wants to move to. */
  newEmail = to,
): OutgoingMail {
  const lasts = `De code werkt ${validity(otpExpiry)}.`
  if (kind === 'recovery') {
    return {
      to,
      subject: 'Nieuw wachtwoord voor Emmer',
      text: [
        'Hallo,',
        '',
        'Wil je een nieuw wachtwoord kiezen? Vul dan deze code in:',
        '',
        code,
        '',
        'Of klik op deze link:',
        link,
        '',
        `Daarna kies je een nieuw wachtwoord. ${lasts}`,
        'Heb je dit niet gevraagd? Dan hoef je niets te doen. Je wachtwoord blijft hetzelfde.',
        '',
        SIGNATURE,
      ].join('\n'),
    }
  }
  if (kind === 'invite') {
    // Sent by the team (an admin) to a new moderator or a partner's contact person.
    return {
      to,
      subject: 'Je bent uitgenodigd voor Emmer',
      text: [
        'Hallo,',
        '',
        'Het team van Pact Woensel Zuid nodigt je uit voor Emmer, de ideeënbus van de buurt.',
        'Klik op deze link om mee te doen:',
        link,
        '',
        'Of log in op Emmer met je e-mailadres en deze code:',
        '',
        code,
        '',
        `Daarna kies je de naam die anderen zien. ${lasts}`,
        'Verwacht je deze mail niet? Dan hoef je niets te doen.',
        'We wissen je e-mailadres dan binnen twee dagen.',
        '',
        SIGNATURE,
      ].join('\n'),
    }
  }
  if (kind === 'reauthentication') {
    return {
      to,
      subject: 'Je code om je wachtwoord te veranderen',
      text: [
        'Hallo,',
        '',
        'Wil je je wachtwoord veranderen? Vul dan deze code in:',
        '',
        code,
        '',
        lasts,
        'Heb je dit niet gevraagd? Dan hoef je niets te doen. Je wachtwoord blijft hetzelfde.',
        '',
        SIGNATURE,
      ].join('\n'),
    }
  }
  if (kind === 'email_change') {
    // Both the current and the new address get this mail, each with its own code.
    return {
      to,
      subject: 'Klopt je nieuwe e-mailadres?',
      text: [
        'Hallo,',
        '',
        `Je wilt ${newEmail} gebruiken als e-mailadres voor Emmer. Vul deze code in:`,
        '',
        code,
        '',
        'Of klik op deze link:',
        link,
        '',
        lasts,
        'Heb je dit niet gevraagd? Dan hoef je niets te doen. Er verandert dan niets.',
        '',
        SIGNATURE,
      ].join('\n'),
    }
  }
  return {
    to,
    subject: 'Je code voor Emmer',
    text: [
      'Hallo,',
      '',
      'Je code om in te loggen bij Emmer is:',
      '',
      code,
      '',
      'Of klik op deze link om in te loggen:',
      link,
      '',
      `${lasts} Heb je dit niet gevraagd? Dan hoef je niets te doen.`,
      '',
      SIGNATURE,
    ].join('\n'),
  }
}
