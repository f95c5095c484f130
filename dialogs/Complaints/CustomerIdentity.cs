using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Dialogs.Complaints;

/// <summary>
/// The signed-in customer behind a message: only the id our Direct Line channel verified
/// (<see cref="SignedInCustomer"/>); anything a client put elsewhere on the activity is ignored. Null = anonymous.
/// </summary>
public static class CustomerIdentity
{
    public static string? Of(Activity a) => a.GetSignedInCustomerId();
}
