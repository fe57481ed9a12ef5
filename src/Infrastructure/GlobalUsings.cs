// What every adapter is written against: the Application's ports and values, and the host's logging and options.
global using LlmGateway.Application.Common;
global using LlmGateway.Application.Ports;
global using LlmGateway.Domain.Spend;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
