// The names PostHog's TypeScript HogVM can call (its STL and bytecode STL, @posthog/hogvm 1.0):
// a call to any other name is PostHog's "Hog function `x` is not implemented"; a name listed
// here that actionmatch does not evaluate gets our own message instead.
export const posthogFunctionNames: ReadonlySet<string> = new Set(
  (
    'concat match extractRegex like ilike notLike notILike toString toUUID toInt toFloat ifNull isNull isNotNull length ' +
    'empty notEmpty tuple lower upper reverse print jsonParse jsonStringify JSONHas isValidJSON JSONLength JSONExtractBool ' +
    'base64Encode base64Decode tryBase64Decode encodeURLComponent decodeURLComponent tryDecodeURLComponent replaceOne ' +
    'replaceAll position positionCaseInsensitive trim trimLeft trimRight splitByString generateUUIDv4 randomFloat sha256Hex ' +
    'sha256 sha1Hex sha1 md5Hex md5 sha1HmacChainHex sha1HmacChain sha256HmacChainHex sha256HmacChain isIPAddressInRange ' +
    'keys values indexOf arrayPushBack arrayPushFront arrayPopBack arrayPopFront arraySort arrayReverse arrayReverseSort ' +
    'arrayStringConcat has now toUnixTimestamp fromUnixTimestamp toUnixTimestampMilli fromUnixTimestampMilli toTimeZone ' +
    'toDate toDateTime formatDateTime HogError Error RetryError NotImplementedError typeof JSONExtract JSONExtractArrayRaw ' +
    'JSONExtractFloat JSONExtractInt JSONExtractString addDays assumeNotNull coalesce dateAdd dateDiff dateTrunc equals ' +
    'extract floor greater greaterOrEquals if in less lessOrEquals min2 minus multiIf not notEquals and or plus range round ' +
    'startsWith substring toIntervalDay toIntervalHour toIntervalMinute toIntervalMonth toMonth toStartOfDay toStartOfHour ' +
    'toStartOfMonth toStartOfWeek toYYYYMM toYear today multiSearchAnyCaseInsensitive sleep arrayCount arrayExists ' +
    'arrayFilter arrayMap arrayReduce inCohort notInCohort sortableSemver'
  ).split(' '),
);
