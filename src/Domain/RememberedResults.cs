using System.Collections.Concurrent;

namespace LlmGateway.Domain;

/// <summary>
/// Results computed for texts seen recently, by the text's <see cref="TextDigest"/>: a conversation's resent turns
/// cost a hash instead of the computation. Only texts of at least <see cref="MinLength"/> characters are remembered
/// (a shorter one costs less to compute than to hash); when <see cref="Capacity"/> texts have been added the memory is
/// cleared and starts again. Thread-safe, lock-free on reads.
/// </summary>
public sealed class RememberedResults<T>
{
    public const int MinLength = 64;

    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<TextDigest, T> _remembered = new();

    // Counted here rather than with ConcurrentDictionary.Count, which takes every one of the dictionary's locks (about 3%
    // of a gateway's CPU when every prompt is new). Concurrent clears can let it run a little over.
    private int _addedSinceCleared;

    /// <summary>How many texts are remembered now (for tests).</summary>
    public int Count => _remembered.Count;

    /// <summary>The remembered result for <paramref name="text"/>, or <paramref name="compute"/>'s, remembered.</summary>
    /// <param name="compute">Pure: the same text gives the same result. Static, with its state passed in, so a call allocates nothing.</param>
    public T GetOrCompute<TState>(string text, TState state, Func<string, TState, T> compute)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(compute);
        if (text.Length < MinLength)
        {
            return compute(text, state);
        }

        var digest = TextDigest.Of(text);
        if (_remembered.TryGetValue(digest, out var known))
        {
            return known;
        }

        var result = compute(text, state);
        if (Interlocked.Increment(ref _addedSinceCleared) > Capacity)
        {
            _remembered.Clear();
            Volatile.Write(ref _addedSinceCleared, 1);
        }

        _remembered[digest] = result;
        return result;
    }
}
