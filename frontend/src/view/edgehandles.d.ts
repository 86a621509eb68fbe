declare module "cytoscape-edgehandles" {
  import type { Core, Ext, NodeSingular, ElementDefinition } from "cytoscape";
  const ext: Ext;
  export default ext;
  export interface EdgeHandlesOptions {
    canConnect?: (source: NodeSingular, target: NodeSingular) => boolean;
    edgeParams?: (source: NodeSingular, target: NodeSingular) => Partial<ElementDefinition>;
    hoverDelay?: number;
    snap?: boolean;
    snapThreshold?: number;
    snapFrequency?: number;
    noEdgeEventsInDraw?: boolean;
    disableBrowserGestures?: boolean;
  }
  export interface EdgeHandlesInstance {
    start(node: NodeSingular): void;
    stop(): void;
    enable(): void;
    disable(): void;
    enableDrawMode(): void;
    disableDrawMode(): void;
    destroy(): void;
  }
  module "cytoscape" {
    interface Core {
      edgehandles(options?: EdgeHandlesOptions): EdgeHandlesInstance;
    }
  }
  export type { Core };
}
