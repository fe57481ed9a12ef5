using LlmGateway.Api;
using LlmGateway.Api.Http;
using LlmGateway.Api.Telemetry;

// `LlmGateway.Api healthcheck`: the container's health probe (the runtime image has no curl).
if (args is ["healthcheck", ..])
{
    return await HealthProbe.RunAsync(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
}

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayConfiguration();
builder.AddGatewayLogging();
builder.AddGatewayTelemetry();

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi();

var app = builder.Build();

app.UseMiddleware<GatewayRequestMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseGatewayConsole();
app.UseAuthentication();
app.UseAuthorization();
// The document and UI middlewares only where they answer: on every other request they were work for nothing.
app.UseWhen(
    http => http.Request.Path.StartsWithSegments("/openapi") || http.Request.Path.StartsWithSegments("/docs"),
    docs => docs
        .UseOpenApi(settings => settings.Path = "/openapi/{documentName}.json")
        .UseSwaggerUi(settings =>
        {
            settings.Path = "/docs";
            settings.DocumentPath = "/openapi/{documentName}.json";
        }));

app.MapControllers().WithRouteLabels();
app.MapPrometheusScrapingEndpoint(TelemetrySetup.MetricsPath);

return app.RunGateway();
