/**
 * In Latvian: consent at checkout and signup, asking again after the policy changes, the newsletter confirmation and unsubscribe pages.
 * Keys `consent.…`, `reconfirm.…`, `newsletter.…`.
 */
export const consent = {
  'consent.notice': '{controller} apstrādā šeit norādītos personas datus šādiem mērķiem:',
  'consent.more': 'Kā apstrādājam Jūsu datus un kādas ir Jūsu tiesības:',
  'consent.policyLink': 'privātuma politika',
  'consent.optional': 'Pēc Jūsu izvēles (nav obligāti)',
  'consent.subscribe': 'Jūsu piekrišana',
  'consent.given': 'Piekrišana jau sniegta.',
  'consent.withdrawThere': 'Atsaukt privātuma lapā',

  'reconfirm.title': 'Mūsu privātuma politika ir mainījusies',
  'reconfirm.text': 'Lūdzu, izlemiet par katru piekrišanu, ko devāt iepriekš. Līdz Jūsu atbildei tā paliek spēkā.',
  'reconfirm.changed': 'Jūs piekritāt {given} saskaņā ar privātuma politiku, kas bija spēkā no {policy}. Kopš tā laika politika ir mainījusies.',
  'reconfirm.changedVersion': 'Jūs piekritāt {given} saskaņā ar privātuma politikas versiju {policy}. Kopš tā laika politika ir mainījusies.',
  'reconfirm.confirm': 'Turpināt piekrist',
  'reconfirm.withdraw': 'Atsaukt piekrišanu',
  'reconfirm.save': 'Saglabāt atbildi',
  'reconfirm.readPolicy': 'Lasīt jauno politiku',

  'newsletter.confirmed.title': 'Paldies! Jaunumu saņemšana apstiprināta',
  'newsletter.confirmed.text': 'Sūtīsim jaunumus un piedāvājumus uz {email}. Atteikties varat jebkurā brīdī ar saiti, kas ir katrā vēstulē.',
  'newsletter.unsubscribed.title': 'Jaunumu saņemšana ir atteikta',
  // The page a link opens: a button, since mail scanners open links and must not confirm for anyone.
  'newsletter.confirm.title': 'Apstipriniet jaunumu saņemšanu',
  'newsletter.confirm.text': 'Nospiediet pogu, lai apstiprinātu, ka vēlaties saņemt jaunumus un piedāvājumus uz {email}.',
  'newsletter.confirm.submit': 'Apstiprināt jaunumu saņemšanu',
  'newsletter.unsubscribe.title': 'Atteikties no jaunumiem',
  'newsletter.unsubscribe.text': 'Nospiediet pogu, un jaunumus un piedāvājumus uz {email} vairs nesūtīsim.',
  'newsletter.unsubscribe.submit': 'Atteikties no jaunumiem',
  'newsletter.unsubscribed.text':
    'Vairs nesūtīsim jaunumus un piedāvājumus uz {email}. Adresi paturam tikai atteikumu sarakstā (jaucējvērtības veidā), lai to bez Jūsu ziņas nepievienotu atkārtoti.',
  'newsletter.confirmed.restricted':
    'Jūsu piekrišana ir saņemta. Kamēr Jūsu datu apstrāde ir ierobežota, jaunumus nesūtīsim; sāksim, kad ierobežojumu atcelsiet savā privātuma lapā.',
} as const;
