using LlmGateway.Api;
using LlmGateway.Api.Endpoints;
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
app.UseAuthentication();
app.UseAuthorization();
app.UseOpenApi(settings => settings.Path = "/openapi/{documentName}.json");
app.UseSwaggerUi(settings =>
{
    settings.Path = "/docs";
    settings.DocumentPath = "/openapi/{documentName}.json";
});

app.MapGatewayEndpoints();
app.MapPrometheusScrapingEndpoint(TelemetrySetup.MetricsPath);

return app.RunGateway();
