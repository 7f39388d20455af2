// @nlpjs ships JavaScript without types; these are the two stemmers' only use here.
declare module '@nlpjs/lang-nl' {
  export class StemmerNl {
    stem(word: string): string;
  }
}
declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stem(word: string): string;
  }
}
