//! 执法流程图 (CAT-6) as data: nodes and edges, checked so that every published chart can be drawn
//! and read (one start, at least one end, every step reachable, decisions branch), and laid out
//! in layers for the server-side SVG (PUB-1, no JavaScript).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::rule::Violation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeShape {
    Start,
    Step,
    Decision,
    End,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowNode {
    pub id: String,
    pub label: String,
    pub shape: NodeShape,
    /// Time limit or note shown under the label (e.g. `5个工作日`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowEdge {
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flowchart {
    pub nodes: Vec<FlowNode>,
    pub edges: Vec<FlowEdge>,
}

impl Flowchart {
    /// Structural checks (rule `CAT-6`); all problems, not the first.
    pub fn check(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        let mut bad = |m: String| out.push(Violation::hard("CAT-6", Some("flowchart"), m));
        let mut ids = BTreeSet::new();
        for n in &self.nodes {
            if !ids.insert(n.id.as_str()) {
                bad(format!("流程图节点编号“{}”重复", n.id));
            }
            if n.label.trim().is_empty() {
                bad(format!("流程图节点“{}”没有名称", n.id));
            }
        }
        for e in &self.edges {
            for end in [&e.from, &e.to] {
                if !ids.contains(end.as_str()) {
                    bad(format!("连线引用了不存在的节点“{end}”"));
                }
            }
        }
        let starts: Vec<&FlowNode> = self
            .nodes
            .iter()
            .filter(|n| n.shape == NodeShape::Start)
            .collect();
        if starts.len() != 1 {
            bad(format!(
                "流程图须有且只有一个开始节点（现有{}个）",
                starts.len()
            ));
        }
        if !self.nodes.iter().any(|n| n.shape == NodeShape::End) {
            bad("流程图须至少有一个结束节点".into());
        }
        for n in self.nodes.iter().filter(|n| n.shape == NodeShape::Decision) {
            if self.edges.iter().filter(|e| e.from == n.id).count() < 2 {
                bad(format!("判断节点“{}”须至少有两个分支", n.label));
            }
        }
        if let [start] = starts.as_slice() {
            let layers = self.layers_from(&start.id);
            for n in &self.nodes {
                if !layers.contains_key(n.id.as_str()) {
                    bad(format!("节点“{}”从开始节点无法到达", n.label));
                }
            }
        }
        out
    }

    /// Layer of every node reachable from `start` (breadth-first: the shortest path length), so
    /// that a chart reads top to bottom and a loop back (补正 → 受理) points upwards.
    pub fn layers_from(&self, start: &str) -> BTreeMap<&str, usize> {
        let mut layer = BTreeMap::new();
        let mut queue = VecDeque::new();
        if let Some(s) = self.nodes.iter().find(|n| n.id == start) {
            layer.insert(s.id.as_str(), 0);
            queue.push_back(s.id.as_str());
        }
        while let Some(id) = queue.pop_front() {
            let depth = layer.get(id).copied().unwrap_or(0);
            for e in self.edges.iter().filter(|e| e.from == id) {
                if let Some(n) = self.nodes.iter().find(|n| n.id == e.to)
                    && !layer.contains_key(n.id.as_str())
                {
                    layer.insert(n.id.as_str(), depth + 1);
                    queue.push_back(n.id.as_str());
                }
            }
        }
        layer
    }

    /// The nodes of each layer in declaration order (layer 0 first).
    pub fn layout(&self) -> Vec<Vec<&FlowNode>> {
        let Some(start) = self.nodes.iter().find(|n| n.shape == NodeShape::Start) else {
            return Vec::new();
        };
        let layers = self.layers_from(&start.id);
        let depth = layers.values().copied().max().map_or(0, |d| d + 1);
        let mut rows: Vec<Vec<&FlowNode>> = vec![Vec::new(); depth];
        for n in &self.nodes {
            if let Some(d) = layers.get(n.id.as_str())
                && let Some(row) = rows.get_mut(*d)
            {
                row.push(n);
            }
        }
        rows
    }
}
