using System.Buffers.Binary;

namespace LlmGateway.Domain.Inspection;

/// <summary>
/// A logistic-regression classifier over hashed character 3- to 5-grams and word 1- and 2-grams of the normalised
/// text: the second signal for injections no rule describes. Length-robust by construction: a text longer than
/// <see cref="WindowChars"/> is scored in overlapping windows and its probability is the highest window's, and
/// within a window each feature counts once and the feature vector has unit length — so a long document, or one
/// paragraph repeated twenty times, scores like its most suspicious passage instead of adding up. Weights are
/// trained by <c>bench/InjectionModel</c> and ship as an embedded resource; scoring is in-process and linear in
/// the text length. Immutable and safe to share across threads.
/// </summary>
public sealed class InjectionModel
{
    public const int MinGram = 3;
    public const int MaxGram = 5;

    /// <summary>Texts up to this length are scored whole; longer ones in windows of this length.</summary>
    public const int WindowChars = 512;

    /// <summary>Windows start this far apart, so every passage up to half a window long lies wholly in one window.</summary>
    public const int WindowStride = WindowChars / 2;

    /// <summary>
    /// At most this many characters are scored: the first and the last half of it when the text is longer, which
    /// bounds the cost of a huge prompt and still reads the end, where an appended injection sits.
    /// </summary>
    public const int MaxScoredChars = 16384;

    private const uint Magic = 0x324E474C; // "LGN2": unit-length binary features, windowed
    private const int HeaderBytes = 16;
    private const int BoundarySearch = 64;
    private const string ResourceName = "LlmGateway.Domain.Inspection.injection-model.bin";

    private static readonly Lazy<InjectionModel> Embedded = new(LoadEmbedded);

    private readonly float[] _weights;
    private readonly int _mask;

    public InjectionModel(int bucketBits, float bias, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (bucketBits is < 8 or > 24 || weights.Length != 1 << bucketBits)
        {
            throw new ArgumentException($"Expected 2^{bucketBits} weights, got {weights.Length}.", nameof(weights));
        }

        BucketBits = bucketBits;
        Bias = bias;
        _weights = weights;
        _mask = weights.Length - 1;
    }

    /// <summary>The model trained by <c>bench/InjectionModel train</c>, shipped inside this assembly.</summary>
    public static InjectionModel Default => Embedded.Value;

    public int BucketBits { get; }

    public float Bias { get; }

    /// <summary>
    /// Probability (0..1) that <paramref name="normalized"/> (output of <see cref="TextNormalizer.Normalize(string)"/>) is an
    /// injection: the highest of its windows' probabilities.
    /// </summary>
    public double Probability(ReadOnlySpan<char> normalized)
    {
        var seen = System.Buffers.ArrayPool<ulong>.Shared.Rent(_weights.Length / 64);
        try
        {
            var best = double.NegativeInfinity;
            var parts = normalized.Length <= MaxScoredChars ? 1 : 2;
            for (var p = 0; p < parts; p++)
            {
                // As ScoredParts, without its array: the hot path allocates nothing.
                var text = parts == 1 ? normalized : p == 0 ? normalized[..(MaxScoredChars / 2)] : normalized[^(MaxScoredChars / 2)..];
                for (var start = 0; start < text.Length;)
                {
                    var end = WindowEnd(text, start);
                    Array.Clear(seen, 0, _weights.Length / 64);
                    var sink = new WeightSum(_weights, seen);
                    Hash(text[start..end], _mask, ref sink);
                    best = Math.Max(best, Bias + (sink.Count == 0 ? 0 : sink.Sum / Math.Sqrt(sink.Count)));
                    if (end == text.Length)
                    {
                        break;
                    }

                    start = NextWindowStart(text, start);
                }
            }

            return 1.0 / (1.0 + Math.Exp(-(double.IsNegativeInfinity(best) ? Bias : best)));
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(seen);
        }
    }

    /// <summary>
    /// The windows of <paramref name="normalized"/> as the scorer sees them, each as the distinct buckets of its
    /// features (what the trainer learns from). Returns the number of windows.
    /// </summary>
    public static int WindowFeatures(ReadOnlySpan<char> normalized, int bucketBits, List<int[]> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var seen = new ulong[Math.Max(1, (1 << bucketBits) / 64)];
        var count = 0;
        foreach (var part in ScoredParts(normalized.Length))
        {
            var text = normalized.Slice(part.Start, part.Length);
            for (var start = 0; start < text.Length;)
            {
                var end = WindowEnd(text, start);
                Array.Clear(seen);
                var buckets = new List<int>();
                var sink = new BucketList(buckets, seen);
                Hash(text[start..end], (1 << bucketBits) - 1, ref sink);
                windows.Add([.. buckets]);
                count++;
                if (end == text.Length)
                {
                    break;
                }

                start = NextWindowStart(text, start);
            }
        }

        if (count == 0)
        {
            windows.Add([]);
            count = 1;
        }

        return count;
    }

    /// <summary>The distinct buckets of <paramref name="normalized"/>'s features, ignoring windows (for tests and tools).</summary>
    public static int Features(ReadOnlySpan<char> normalized, int bucketBits, List<int> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var sink = new BucketList(buckets, new ulong[Math.Max(1, (1 << bucketBits) / 64)]);
        Hash(normalized, (1 << bucketBits) - 1, ref sink);
        return buckets.Count;
    }

    private static (int Start, int Length)[] ScoredParts(int length) =>
        length <= MaxScoredChars
            ? [(0, length)]
            : [(0, MaxScoredChars / 2), (length - (MaxScoredChars / 2), MaxScoredChars / 2)];

    // A window ends at a space or line break near its nominal end, so words are not cut in two.
    private static int WindowEnd(ReadOnlySpan<char> text, int start)
    {
        var end = start + WindowChars;
        if (end >= text.Length)
        {
            return text.Length;
        }

        for (var i = end; i > end - BoundarySearch; i--)
        {
            if (text[i] is ' ' or '\n')
            {
                return i;
            }
        }

        return end;
    }

    private static int NextWindowStart(ReadOnlySpan<char> text, int start)
    {
        var next = start + WindowStride;
        for (var i = next; i < next + BoundarySearch && i < text.Length; i++)
        {
            if (text[i] is ' ' or '\n')
            {
                return i + 1;
            }
        }

        return next;
    }

    // Features: character 3- to 5-grams, plus word unigrams and bigrams (words = runs of letters and digits).
    // One loop serves training and scoring, so the two can never disagree; the struct sink keeps scoring allocation-free.
    private static void Hash<TSink>(ReadOnlySpan<char> text, int mask, ref TSink sink)
        where TSink : struct, IBucketSink
    {
        for (var i = 0; i + MinGram <= text.Length; i++)
        {
            var hash = 2166136261u;
            for (var n = 0; n < MaxGram && i + n < text.Length; n++)
            {
                hash = (hash ^ text[i + n]) * 16777619u;
                if (n + 1 >= MinGram)
                {
                    sink.Add((int)(Mix(hash, n + 1) & (uint)mask));
                }
            }
        }

        var previousWord = 0u;
        var word = 2166136261u;
        var inWord = false;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                word = (word ^ text[i]) * 16777619u;
                inWord = true;
                continue;
            }

            if (inWord)
            {
                sink.Add((int)(Mix(word, 16) & (uint)mask));
                sink.Add((int)(Mix((previousWord * 31) ^ word, 17) & (uint)mask));
                previousWord = word;
                word = 2166136261u;
                inWord = false;
            }
        }
    }

    public byte[] Serialize()
    {
        var bytes = new byte[HeaderBytes + (_weights.Length * sizeof(float))];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), BucketBits);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8), Bias);
        for (var i = 0; i < _weights.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(HeaderBytes + (i * sizeof(float))), _weights[i]);
        }

        return bytes;
    }

    public static InjectionModel Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException("Not an injection model file.");
        }

        var bits = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        var bias = BinaryPrimitives.ReadSingleLittleEndian(bytes[8..]);
        if (bits is < 8 or > 24 || bytes.Length != HeaderBytes + ((1 << bits) * sizeof(float)))
        {
            throw new InvalidDataException("Truncated injection model file.");
        }

        var weights = new float[1 << bits];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(HeaderBytes + (i * sizeof(float)))..]);
        }

        return new InjectionModel(bits, bias, weights);
    }

    // Different n-gram lengths land in different buckets even when their FNV prefixes collide.
    private static uint Mix(uint hash, int length)
    {
        hash ^= (uint)length * 0x9E3779B9u;
        hash ^= hash >> 16;
        hash *= 0x85EBCA6Bu;
        hash ^= hash >> 13;
        return hash;
    }

    private interface IBucketSink
    {
        void Add(int bucket);
    }

    // Each bucket counts once per window: "seen" is a bit per bucket.
    private struct WeightSum(float[] weights, ulong[] seen) : IBucketSink
    {
        public double Sum { get; private set; }

        public int Count { get; private set; }

        public void Add(int bucket)
        {
            ref var word = ref seen[bucket >> 6];
            var bit = 1UL << (bucket & 63);
            if ((word & bit) == 0)
            {
                word |= bit;
                Sum += weights[bucket];
                Count++;
            }
        }
    }

    private readonly struct BucketList(List<int> buckets, ulong[] seen) : IBucketSink
    {
        public void Add(int bucket)
        {
            ref var word = ref seen[bucket >> 6];
            var bit = 1UL << (bucket & 63);
            if ((word & bit) == 0)
            {
                word |= bit;
                buckets.Add(bucket);
            }
        }
    }

    private static InjectionModel LoadEmbedded()
    {
        return Deserialize(EmbeddedResource.ReadAllBytes(typeof(InjectionModel).Assembly, ResourceName));
    }
}
