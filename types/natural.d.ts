// natural 8 ships `.ts` sources next to its `.d.ts` files, and tsc type-checks them (they fail under
// verbatimModuleSyntax). tsconfig.check.json maps "natural" here for `npm run typecheck`: the part we use.
declare module 'natural' {
  interface Stemmer {
    stem(word: string): string;
  }
  interface BayesClassifier {
    addDocument(text: string | string[], label: string): void;
    train(): void;
    classify(observation: string | string[]): string;
  }
  const natural: {
    PorterStemmer: Stemmer;
    PorterStemmerFr: Stemmer;
    PorterStemmerNl: Stemmer;
    BayesClassifier: new () => BayesClassifier;
  };
  export default natural;
}
