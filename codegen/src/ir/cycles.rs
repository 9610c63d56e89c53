//! Which members need a `Box`: every edge inside a strongly connected component of the
//! graph of structures and unions that hold each other by value. A cycle through a list
//! or map needs none, since `Vec` and `BTreeMap` already allocate.

use std::collections::{BTreeMap, BTreeSet};

/// Given by-value edges `from -> to`, returns the edges that lie on a cycle.
pub fn edges_on_cycles(edges: &BTreeSet<(String, String)>) -> BTreeSet<(String, String)> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges {
        graph.entry(from).or_default().push(to);
        graph.entry(to).or_default();
    }
    let component = tarjan(&graph);
    edges.iter().filter(|(from, to)| component[from.as_str()] == component[to.as_str()]).cloned().collect()
}

/// Tarjan's algorithm, iterative so that deep models cannot overflow the stack.
/// Returns each node's component number.
fn tarjan<'a>(graph: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeMap<&'a str, usize> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut low: BTreeMap<&str, usize> = BTreeMap::new();
    let mut on_stack: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut component: BTreeMap<&str, usize> = BTreeMap::new();
    let mut next = 0;
    let mut components = 0;
    for &root in graph.keys() {
        if index.contains_key(root) {
            continue;
        }
        // (node, position of the next neighbour to visit)
        let mut work: Vec<(&str, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut pos)) = work.last_mut() {
            if *pos == 0 && !index.contains_key(node) {
                index.insert(node, next);
                low.insert(node, next);
                next += 1;
                stack.push(node);
                on_stack.insert(node);
            }
            let neighbours = &graph[node];
            if let Some(&next_node) = neighbours.get(*pos) {
                *pos += 1;
                if !index.contains_key(next_node) {
                    work.push((next_node, 0));
                } else if on_stack.contains(next_node) {
                    let l = low[node].min(index[next_node]);
                    low.insert(node, l);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let l = low[parent].min(low[node]);
                low.insert(parent, l);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.insert(member, components);
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(edges: &[(&str, &str)]) -> BTreeSet<(String, String)> {
        edges.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn finds_direct_and_indirect_cycles_only() {
        let edges = set(&[("A", "A"), ("B", "C"), ("C", "D"), ("D", "B"), ("D", "E"), ("E", "F")]);
        assert_eq!(edges_on_cycles(&edges), set(&[("A", "A"), ("B", "C"), ("C", "D"), ("D", "B")]));
    }

    #[test]
    fn deep_chains_do_not_overflow() {
        let names: Vec<String> = (0..100_000).map(|i| format!("S{i}")).collect();
        let mut edges: BTreeSet<(String, String)> = names.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect();
        assert!(edges_on_cycles(&edges).is_empty());
        edges.insert((names[99_999].clone(), names[0].clone()));
        assert_eq!(edges_on_cycles(&edges).len(), 100_000);
    }
}
