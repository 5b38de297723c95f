// The issuing bank of a card by its first digits (its BIN), for apps that bind a card by number
// alone (003 `/wallet/bindingCard`: the server fills `bankName`). A few well-known Chinese debit
// BINs; a card none of them names needs its bank given by the client.
const bins: readonly (readonly [string, string])[] = [
  ['622202', '工商银行'],
  ['622848', '农业银行'],
  ['621700', '建设银行'],
  ['601382', '中国银行'],
  ['622262', '交通银行'],
  ['622588', '招商银行'],
];

export const bankOfCard = (number: string): string | undefined => bins.find(([bin]) => number.replace(/[\s-]/g, '').startsWith(bin))?.[1];
