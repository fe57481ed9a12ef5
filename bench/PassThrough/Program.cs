// Minimal ASP.NET Core pass-through, the floor of ./bench/load.sh: POST /v1/chat/completions is sent to the upstream
// with one pooled HttpClient and the answer's bytes are copied back as they arrive (flushed per read for SSE).
// No authentication, rate limit, inspection, cache or filtering — what Kestrel + HttpClient cost on their own.
//   UPSTREAM_URL  the upstream's chat completions URL (default http://127.0.0.1:18080/v1/chat/completions)
//   --urls        where to listen, e.g. --urls http://127.0.0.1:18090
using System.Buffers;
using System.Net.Http.Headers;

var upstream = new Uri(Environment.GetEnvironmentVariable("UPSTREAM_URL") ?? "http://127.0.0.1:18080/v1/chat/completions");

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

using var handler = new SocketsHttpHandler
{
    UseProxy = false,
    UseCookies = false,
    AllowAutoRedirect = false,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
};
using var client = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) };

app.MapGet("/health", () => "ok");
app.MapPost("/v1/chat/completions", (HttpContext context) => Forward.Run(context, client, upstream));
await app.RunAsync();

internal static class Forward
{
    public static async Task Run(HttpContext context, HttpClient client, Uri upstream)
    {
        var aborted = context.RequestAborted;
        using var request = new HttpRequestMessage(HttpMethod.Post, upstream);
        using var content = new StreamContent(context.Request.Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/json");
        content.Headers.ContentLength = context.Request.ContentLength;
        request.Content = content;
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0) request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, aborted);
        context.Response.StatusCode = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType?.ToString();
        if (contentType is not null) context.Response.ContentType = contentType;
        var events = contentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
        if (!events) context.Response.ContentLength = response.Content.Headers.ContentLength;

        await using var body = await response.Content.ReadAsStreamAsync(aborted);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, aborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                if (events) await context.Response.Body.FlushAsync(aborted);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
