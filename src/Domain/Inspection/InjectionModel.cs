using System.Buffers.Binary;

namespace LlmGateway.Domain.Inspection;

/// <summary>
/// A logistic-regression classifier over hashed character 3- to 5-grams and word 1- and 2-grams of the normalised text: the second
/// signal for injections no rule describes. Weights are trained by <c>bench/InjectionModel</c> and ship as an
/// embedded resource; scoring is in-process, allocation-free and linear in the text length.
/// Immutable and safe to share across threads.
/// </summary>
public sealed class InjectionModel
{
    public const int MinGram = 3;
    public const int MaxGram = 5;

    /// <summary>Only the first this many characters are scored, which bounds the cost of a huge prompt.</summary>
    public const int MaxScoredChars = 16384;

    private const uint Magic = 0x474E474C; // "LGNG"
    private const int HeaderBytes = 16;
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

    /// <summary>The model trained on the whole corpus, shipped inside this assembly.</summary>
    public static InjectionModel Default => Embedded.Value;

    public int BucketBits { get; }

    public float Bias { get; }

    /// <summary>Probability (0..1) that <paramref name="normalized"/> (output of <see cref="TextNormalizer.Normalize"/>) is an injection.</summary>
    public double Probability(ReadOnlySpan<char> normalized)
    {
        var sink = new WeightSum(_weights);
        var count = Hash(normalized, _mask, ref sink);
        var logit = Bias + (count == 0 ? 0 : sink.Sum / Math.Sqrt(count));
        return 1.0 / (1.0 + Math.Exp(-logit));
    }

    /// <summary>The buckets of <paramref name="normalized"/>'s features, as the trainer sees them (one entry per occurrence).</summary>
    public static int Features(ReadOnlySpan<char> normalized, int bucketBits, List<int> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var sink = new BucketList(buckets);
        return Hash(normalized, (1 << bucketBits) - 1, ref sink);
    }

    // Features: character 3- to 5-grams, plus word unigrams and bigrams (words = runs of letters and digits).
    // One loop serves training and scoring, so the two can never disagree; the struct sink keeps scoring allocation-free.
    private static int Hash<TSink>(ReadOnlySpan<char> normalized, int mask, ref TSink sink)
        where TSink : struct, IBucketSink
    {
        var text = normalized.Length > MaxScoredChars ? normalized[..MaxScoredChars] : normalized;
        var count = 0;
        for (var i = 0; i + MinGram <= text.Length; i++)
        {
            var hash = 2166136261u;
            for (var n = 0; n < MaxGram && i + n < text.Length; n++)
            {
                hash = (hash ^ text[i + n]) * 16777619u;
                if (n + 1 >= MinGram)
                {
                    sink.Add((int)(Mix(hash, n + 1) & (uint)mask));
                    count++;
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
                count += 2;
                previousWord = word;
                word = 2166136261u;
                inWord = false;
            }
        }

        return count;
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

    private struct WeightSum(float[] weights) : IBucketSink
    {
        public double Sum { get; private set; }

        public void Add(int bucket) => Sum += weights[bucket];
    }

    private readonly struct BucketList(List<int> buckets) : IBucketSink
    {
        public void Add(int bucket) => buckets.Add(bucket);
    }

    private static InjectionModel LoadEmbedded()
    {
        using var stream = typeof(InjectionModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var memory = new MemoryStream((int)stream.Length);
        stream.CopyTo(memory);
        return Deserialize(memory.GetBuffer().AsSpan(0, (int)memory.Length));
    }
}
