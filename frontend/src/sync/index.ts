/**
 * What the view may use from sync: the API client's named operations, the branch session
 * and their types. The view never calls `fetch` itself (eslint checks both rules).
 */
export * from "./api";
export * from "./client";
export * from "./session";
export * from "./perf";
export * from "./live";
export * from "./liveSession";
export * from "./presence";
export * from "./resultsSignal";
