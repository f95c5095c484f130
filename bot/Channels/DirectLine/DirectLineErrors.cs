namespace ComplaintBot.Bot.Channels.DirectLine;

/// <summary>Direct Line's error shape: <c>{"error":{"code":"...","message":"..."}}</c> (codes are stable, messages may change).</summary>
public static class DirectLineErrors
{
    public static IResult Error(int status, string code, string message)
        => Results.Json(new { error = new { code, message } }, statusCode: status);

    public static IResult MissingAuth() => Error(401, "Unauthorized", "An Authorization: Bearer header with a secret or token is required.");
    public static IResult InvalidCredentials() => Error(403, "Forbidden", "The secret or token is not valid.");
    public static IResult Expired() => Error(403, "TokenExpired", "The token has expired.");
    public static IResult UntrustedOrigin() => Error(403, "Forbidden", "The token is not valid from this origin.");
    public static IResult WrongConversation() => Error(403, "Forbidden", "The token is not valid for this conversation.");
    public static IResult NotFound(string what) => Error(404, "NotFound", $"{what} was not found.");
    public static IResult BadArgument(string message) => Error(400, "BadArgument", message);
    public static IResult MissingProperty(string message) => Error(400, "MissingProperty", message);
}
