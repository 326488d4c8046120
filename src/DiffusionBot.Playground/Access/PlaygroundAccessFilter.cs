using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Playground.Access;

/// <summary>
/// The playground is an admin console for its channel, so it answers only callers on this machine (<see cref="LocalCaller"/>)
/// unless <see cref="PlaygroundOptions.Password"/> is set; then everyone else must send it (HTTP Basic with any user name,
/// or <c>Authorization: Bearer</c>).
/// </summary>
internal sealed class PlaygroundAccessFilter(IOptions<PlaygroundOptions> options) : IEndpointFilter
{
    public const string Realm = "DiffusionBot playground";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var password = options.Value.Password;
        if (LocalCaller.Is(http) || (!string.IsNullOrEmpty(password) && PasswordCheck.Matches(http.Request, password)))
        {
            return next(context);
        }

        if (string.IsNullOrEmpty(password))
        {
            return ValueTask.FromResult<object?>(Results.Text(
                "The playground answers only on the machine it runs on; set Playground:Password to open it to others.",
                statusCode: StatusCodes.Status403Forbidden));
        }

        http.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        return ValueTask.FromResult<object?>(Results.Text("The playground needs its password.", statusCode: StatusCodes.Status401Unauthorized));
    }
}
