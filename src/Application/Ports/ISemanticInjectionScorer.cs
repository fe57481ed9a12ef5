namespace LlmGateway.Application.Ports;

/// <summary>
/// The semantic tier of prompt inspection: a sentence-embedding model with a classifier head trained on the
/// training corpus, which recognises injections by meaning rather than by wording (paraphrases, unusual phrasings
/// no rule describes). It costs milliseconds per prompt where the fast tiers cost microseconds, so the policy's
/// <c>prompt_inspection.semantic</c> decides when it runs (<c>off</c>, <c>on</c>, or <c>uncertain</c>: only when
/// the fast tiers are undecided). Loaded once at start-up (a missing or corrupt model stops start-up); safe to call
/// from any number of threads at once.
/// </summary>
public interface ISemanticInjectionScorer
{
    /// <summary>
    /// The probability, from 0 to 1, that <paramref name="text"/> is a prompt injection. A text longer than one window
    /// (128 tokens, half what the model can read, so that an instruction inside a long document is not averaged away)
    /// is scored in overlapping windows and gets its most suspicious window's probability; a very long text is scored
    /// on its first and last windows only (bounded cost). Empty or whitespace-only text scores 0. Scores of texts seen
    /// recently are remembered, so a conversation's resent turns cost a hash.
    /// </summary>
    double Score(string text);

    /// <summary>
    /// The probability from which a text counts as an injection, chosen with the head on the training set
    /// (cross-validated, for a low benign false-positive rate). A caller blocks when <see cref="Score"/> is at least this.
    /// </summary>
    double Threshold { get; }
}
