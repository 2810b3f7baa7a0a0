/*
 * kos_search: how the search page cuts a learner's query (appended to language_data.js by
 * book/_ext/kos_search.py, after the constants KOS_T2S, KOS_TERMS and KOS_LATE_PAGES).
 *
 * The index was cut by jieba with the course dictionary; the query is cut into the fewest words of
 * the index's OWN term list, so both sides agree without shipping jieba's dictionary.
 */

/* Every word the index holds (full-text terms and title terms), built once per page. */
const kosVocabulary = () => {
  if (!kosVocabulary.cache) {
    const index = (typeof Search !== "undefined" && Search._index) || {};
    kosVocabulary.cache = new Set([
      ...Object.keys(index.terms || {}),
      ...Object.keys(index.titleterms || {}),
    ]);
  }
  return kosVocabulary.cache;
};

/* A run that is no index word but one character away from a course term is read as that term. */
const kosCorrectTypo = (run, vocab) => {
  if (run.length < 3 || vocab.has(run)) return null;
  for (const term of KOS_TERMS) {
    if (term.length !== run.length || !vocab.has(term)) continue;
    let differences = 0;
    for (let i = 0; i < run.length && differences < 2; i++) if (run[i] !== term[i]) differences++;
    if (differences === 1) return term;
  }
  return null;
};

/* Cut a run of Chinese characters into the fewest index words; characters no index word covers
 * (single characters, which the index does not keep) are left out. */
const kosSegment = (run, vocab) => {
  if (vocab.has(run)) return [run];
  const typo = kosCorrectTypo(run, vocab);
  if (typo) return [typo];
  const longest = Math.min(run.length, 12);
  // best[i] = [cost, words] for run.slice(0, i); a word costs 1, a skipped character 2.
  const best = [[0, []]];
  for (let end = 1; end <= run.length; end++) {
    let choice = [best[end - 1][0] + 2, best[end - 1][1]];
    for (let len = 2; len <= Math.min(longest, end); len++) {
      const word = run.slice(end - len, end);
      const cost = best[end - len][0] + 1;
      if (vocab.has(word) && cost < choice[0]) choice = [cost, [...best[end - len][1], word]];
    }
    best.push(choice);
  }
  return best[run.length][1];
};

var splitQuery = (query) => {
  const simplified = Array.from(query.normalize("NFKC").toLowerCase(), (ch) => KOS_T2S[ch] || ch).join("");
  const vocab = kosVocabulary();
  const words = [];
  for (const [piece] of simplified.matchAll(/\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}_])+/gu)) {
    if (/\p{Script=Han}/u.test(piece)) words.push(...kosSegment(piece, vocab));
    else words.push(piece);
  }
  return [...new Set(words)];
};

/* Chapters before the glossary and the reference pages when both match. */
Scorer.score = (result) => {
  const [docname, , , , score] = result;
  return KOS_LATE_PAGES.includes(docname) ? score - 100 : score;
};
