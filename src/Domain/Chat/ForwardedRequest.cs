namespace LlmGateway.Domain.Chat;

/// <summary>
/// The client's own OpenAI request body, kept as bytes so that an OpenAI-compatible provider can send it on as it came:
/// every top-level field the gateway does not rewrite (<see cref="Fields"/>) is copied byte for byte, fields the gateway
/// has never heard of included. The gateway rewrites only <c>model</c>, the token cap, <c>user</c>, <c>stream</c> and
/// <c>stream_options</c>, which it writes itself.
/// </summary>
/// <param name="body">The UTF-8 JSON body; it lives as long as the request (it may be a pooled buffer).</param>
/// <param name="fields">The kept top-level properties, each <c>"name":value</c> exactly as sent, in the order sent.</param>
public sealed class ForwardedRequest(ReadOnlyMemory<byte> body, IReadOnlyList<ForwardedField> fields)
{
    public ReadOnlyMemory<byte> Body { get; } = body;

    public IReadOnlyList<ForwardedField> Fields { get; } = fields;

    /// <summary>The bytes of field <paramref name="index"/>: <c>"name":value</c>.</summary>
    public ReadOnlySpan<byte> Bytes(int index)
    {
        var field = Fields[index];
        return Body.Span.Slice(field.Start, field.Length);
    }
}

/// <param name="Start">Offset of the property name's opening quote in the body.</param>
/// <param name="Length">Bytes up to the end of its value.</param>
/// <param name="DecidesAnswer">False for fields that cannot change the answer (<c>metadata</c>, <c>store</c>...), which
/// stay out of the cache key.</param>
public readonly record struct ForwardedField(int Start, int Length, bool DecidesAnswer);
