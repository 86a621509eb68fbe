export * from "./types";
export * from "./doc";
export * from "./ops";
export * from "./undo";
export * from "./compact";
export * from "./reconcile";
export * from "./diff";
export * from "./describe";
