using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Writing;

/// <summary>
/// ClickHouse's answers that mean "these rows are wrong": sending the same rows again fails the same way on every node,
/// so the offending rows must be taken out of the insert. Everything else (node or ZooKeeper trouble, timeouts, too many
/// parts, memory, an unknown table or column, a malformed statement) is the servers' or the statement's fault, and the
/// batch is retried whole.
/// </summary>
public static class ClickHouseDataErrors
{
    // Not 36 BAD_ARGUMENTS nor 62/47/16/60 and the like: those say the statement is wrong, for every row alike.
    private static readonly HashSet<int> Codes =
    [
        6,   // CANNOT_PARSE_TEXT
        25,  // CANNOT_PARSE_ESCAPE_SEQUENCE
        26,  // CANNOT_PARSE_QUOTED_STRING
        27,  // CANNOT_PARSE_INPUT_ASSERTION_FAILED
        38,  // CANNOT_PARSE_DATE
        41,  // CANNOT_PARSE_DATETIME
        53,  // TYPE_MISMATCH
        69,  // ARGUMENT_OUT_OF_BOUND
        70,  // CANNOT_CONVERT_TYPE
        72,  // CANNOT_PARSE_NUMBER
        117, // INCORRECT_DATA (e.g. a JSONEachRow line ClickHouse cannot read)
        128, // TOO_LARGE_ARRAY_SIZE
        130, // CANNOT_READ_ARRAY_FROM_TEXT
        131, // TOO_LARGE_STRING_SIZE
        190, // SIZES_OF_ARRAYS_DOESNT_MATCH
        321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
        395, // FUNCTION_THROW_IF_VALUE_IS_NON_ZERO (a column expression refused the row; what 18.16 answers through a synchronous Distributed insert too)
        469, // VIOLATED_CONSTRAINT (ClickHouse 19.14 and later)
    ];

    public static bool IsRejectedData(ClickHouseException exception) => exception.Code is { } code && Codes.Contains(code);
}
