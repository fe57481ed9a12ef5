using System.Globalization;
using System.Text.Json;

namespace LlmGateway.Infrastructure.Inspection;

/// <summary>
/// The classifier over a sentence embedding: logistic regression, probability = sigmoid(weights · embedding + bias).
/// Trained by <c>bench/SemanticHead</c>, which writes <c>semantic-head.json</c> (a reviewed artefact in this folder).
/// </summary>
internal sealed class SemanticHead
{
    public SemanticHead(float[] weights, float bias, double threshold)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Weights = weights;
        Bias = bias;
        Threshold = threshold;
    }

    public float[] Weights { get; }

    public float Bias { get; }

    /// <summary>The probability from which a text counts as an injection.</summary>
    public double Threshold { get; }

    public double Probability(ReadOnlySpan<float> embedding)
    {
        var logit = (double)Bias;
        var weights = Weights.AsSpan(0, embedding.Length);
        for (var i = 0; i < embedding.Length; i++)
        {
            logit += weights[i] * embedding[i];
        }

        return 1 / (1 + Math.Exp(-logit));
    }

    /// <summary>Reads <c>semantic-head.json</c>: <c>{"dimensions": 384, "threshold": …, "bias": …, "weights": […]}</c> (other fields are documentation).</summary>
    /// <exception cref="InvalidDataException">The file is not such a document or its weights do not match <paramref name="dimensions"/>.</exception>
    public static SemanticHead Parse(Stream json, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var declared = root.GetProperty("dimensions").GetInt32();
            var weightsElement = root.GetProperty("weights");
            if (declared != dimensions || weightsElement.GetArrayLength() != dimensions)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"the head has {weightsElement.GetArrayLength()} weights for {declared} dimensions; the model's embeddings have {dimensions}"));
            }

            var weights = new float[dimensions];
            var i = 0;
            foreach (var weight in weightsElement.EnumerateArray())
            {
                weights[i++] = weight.GetSingle();
            }

            var threshold = root.GetProperty("threshold").GetDouble();
            if (threshold is <= 0 or >= 1)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the threshold {threshold} is not a probability between 0 and 1"));
            }

            return new SemanticHead(weights, root.GetProperty("bias").GetSingle(), threshold);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"it is not a semantic head document ({e.Message})", e);
        }
    }
}
