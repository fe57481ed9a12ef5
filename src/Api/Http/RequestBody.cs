using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Http;

/// <summary>
/// How every endpoint reads its JSON body: as minimal APIs' binder would — the same serializer options, and a missing,
/// non-JSON or malformed body becomes the same <see cref="BadHttpRequestException"/>, which the exception handler
/// answers — except when the client stops sending it. The binder answers that with a 400, so every request still
/// queued when a load spike's clients went away was counted and logged as a validation failure; here the connection is
/// closed and the request recorded as one whose client left (499, outcome <c>client_closed</c>). Controllers get it
/// through <see cref="GatewayBodyBinder"/> for every <c>[FromBody]</c> parameter.
/// </summary>
internal static class RequestBody
{
    /// <summary>The body, or null when the client left before sending all of it: nobody is left to answer.</summary>
    public static async ValueTask<object?> ReadJsonAsync(HttpContext http, Type type, CancellationToken cancellationToken)
    {
        var request = RequireJsonBody(http);

        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        object? body;
        try
        {
            body = await request.ReadFromJsonAsync(options.GetTypeInfo(type), cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", exception);
        }
        catch (IOException exception) when (ClientStoppedSending(exception, request))
        {
            RecordClientLeft(http);
            return null;
        }

        return body ?? throw new BadHttpRequestException("The request body is the JSON null.");
    }

    /// <summary>
    /// The body as UTF-8 bytes in a buffer rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns it), for an
    /// endpoint that forwards what it does not read; the same 400/415 answers and the same handling of a client that
    /// left (null) as <see cref="ReadJsonAsync"/>. The body cap is the middleware's (413).
    /// </summary>
    public static async ValueTask<RentedBody?> ReadBytesAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var request = RequireJsonBody(http);

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } declared and > 0 and < 1 << 20 ? (int)declared : 4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (IOException exception) when (ClientStoppedSending(exception, request))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            RecordClientLeft(http);
            return null;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new RentedBody(buffer, length);
    }

    /// <summary>The request, once it has a body that says it is JSON (else the binder's 400 or 415).</summary>
    private static HttpRequest RequireJsonBody(HttpContext http)
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            throw new BadHttpRequestException("The request has no body.");
        }

        return http.Request.HasJsonContentType()
            ? http.Request
            : throw new BadHttpRequestException("The request body is not JSON.", StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>Nobody is left to answer: recorded as 499 <c>client_closed</c> and the connection closed.</summary>
    private static void RecordClientLeft(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        http.Features.Set(GatewayOutcomeFeature.ClientClosed);
        http.Abort();
    }

    /// <summary>
    /// The connection was reset (a plain <see cref="IOException"/>), or the client closed its side of it before the
    /// declared Content-Length had arrived (Kestrel's only 400 for such a body). Kestrel's other objections — a body too
    /// large, too slow, or with malformed chunks — stay the 4xx answers the exception handler gives them.
    /// </summary>
    private static bool ClientStoppedSending(IOException exception, HttpRequest request) => exception switch
    {
        BadHttpRequestException rejected => rejected.StatusCode == StatusCodes.Status400BadRequest && request.ContentLength is not null,
        _ => true,
    };
}

/// <summary>A request body in a pooled buffer: <c>Buffer[..Length]</c>. Dispose once nothing reads it any more.</summary>
internal sealed class RentedBody(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, length);

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
