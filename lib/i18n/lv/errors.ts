/**
 * In Latvian: the error pages, and what a one-time e-mail link says when it is expired, used, unknown or taken.
 * Keys `error.…`, `token.…`.
 */
export const errors = {
  'error.csrf.title': 'Forma ir novecojusi',
  'error.csrf.text': 'Drošības nolūkos šo formu vairs nevar iesniegt. Lūdzu, atveriet lapu vēlreiz un mēģiniet vēlreiz. Nekas netika mainīts.',
  'error.notFound.title': 'Lapa nav atrasta',
  'error.notFound.text': 'Šādas lapas nav, vai tā Jums nav pieejama. Nekas netika mainīts.',
  'error.title': 'Kaut kas nogāja greizi',
  'error.text': 'Mēs nevarējām izpildīt Jūsu pieprasījumu. Lūdzu, mēģiniet vēlreiz vēlāk. Ja kļūda atkārtojas, norādiet šo atsauces numuru: {ref}.',
  'error.badRequest.title': 'Nederīgs pieprasījums',
  'error.badRequest.text': 'Pieprasījumu nevarēja apstrādāt, jo tas nav pareizā formā. Nekas netika mainīts.',
  'error.back': 'Atgriezties uz privātuma politiku',

  'token.expired.title': 'Saite vairs nav derīga',
  'token.expired.text': 'Šī saite ir novecojusi, un nekas netika mainīts. Lūdzu, pieprasiet jaunu vai rakstiet mums uz {email}.',
  'token.used.title': 'Saite jau ir izmantota',
  'token.used.text': 'Šī saite jau ir izmantota, un nekas netika mainīts.',
  'token.unknown.title': 'Saite nav derīga',
  'token.unknown.text': 'Pārbaudiet, vai nokopējāt visu saiti no vēstules. Nekas netika mainīts.',
  'token.taken.title': 'Šī adrese jau ir izmantota',
  'token.taken.text': 'Šī e-pasta adrese jau pieder citam klientam, tāpēc nekas netika mainīts. Rakstiet mums uz {email}, un mēs palīdzēsim.',
} as const;
