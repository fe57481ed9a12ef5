using LlmGateway.Infrastructure.Auth;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Http;

/// <summary>
/// The admin console at <c>/console</c>: static HTML, CSS and ES modules embedded in this assembly (src/Api/Console), which
/// call only the public admin API with a bearer token they keep in memory (docs/console.md, ADR 7). Everything under the
/// path gets a Content Security Policy that allows scripts and styles from this origin only — no inline script or style,
/// no string-to-code sinks (Trusted Types), no framing — on top of the headers every answer carries.
/// </summary>
internal static class ConsoleEndpoints
{
    public const string Path = "/console";

    /// <summary>
    /// The policy for everything under <see cref="Path"/>. connect-src names the origin of the SSO issuer's token endpoint
    /// too when the console signs in with it (the page redeems its code there); nothing else leaves the origin.
    /// </summary>
    private static string ContentSecurityPolicy(SsoEndpoints? sso) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
        $"connect-src 'self'{(sso is null ? string.Empty : " " + sso.Token.GetLeftPart(UriPartial.Authority))}; font-src 'none'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; " +
        "require-trusted-types-for 'script'; trusted-types 'none'";

    /// <summary>Serves the console under <see cref="Path"/>; <c>/console</c> redirects to <c>/console/</c>, which is index.html.</summary>
    public static IApplicationBuilder UseGatewayConsole(this IApplicationBuilder app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(ConsoleEndpoints).Assembly, "Console");
        var consoleSso = app.ApplicationServices.GetRequiredService<IOptions<SsoOptions>>().Value.IsConsoleEnabled;
        return app.UseWhen(
            http => http.Request.Path.StartsWithSegments(Path, StringComparison.Ordinal),
            console => console
                .Use(async (http, next) =>
                {
                    // The issuer's endpoints come from the discovery document the SSO scheme caches: no request per page.
                    // Resolved here, not while the pipeline is built: that would build the bearer options before start-up
                    // has validated the settings they read.
                    var sso = consoleSso ? await http.RequestServices.GetRequiredService<SsoIssuerEndpoints>().ReadAsync(http.RequestAborted) : null;
                    var headers = http.Response.Headers;
                    headers.ContentSecurityPolicy = ContentSecurityPolicy(sso);
                    headers["Cross-Origin-Opener-Policy"] = "same-origin";
                    headers["Cross-Origin-Resource-Policy"] = "same-origin";
                    await next(http);
                })
                .UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path })
                .UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = Path }));
    }
}
