/* balancing.selfcheck: names and live regions that jupyterquiz's questions lack.
   Called with the container's id once jupyterquiz has drawn the questions. */
function selfCheckLabels(containerId) {
  function label(container) {
    container.querySelectorAll('.Quiz').forEach(function (quiz) {
      if (quiz.dataset.labelled) { return; }
      quiz.dataset.labelled = 'true';
      var question = quiz.querySelector('[id^="quizQn"]');
      var feedback = quiz.querySelector('.Feedback');
      if (feedback) {
        feedback.setAttribute('role', 'status');
        feedback.setAttribute('aria-live', 'polite');
      }
      var input = quiz.querySelector('input.Input-text');
      if (input) {
        var caption = quiz.querySelector('.InpLabel');
        caption.id = input.id + '-label';
        caption.setAttribute('for', input.id);
        caption.textContent = 'Your answer:';
        var hint = document.createElement('span');
        hint.id = input.id + '-hint';
        hint.className = 'SelfCheckHint';
        hint.textContent = 'Type a number and press Enter to check it.';
        input.insertAdjacentElement('afterend', hint);
        input.setAttribute('aria-labelledby', question.id + ' ' + caption.id);
        input.setAttribute('aria-describedby', hint.id);
        input.setAttribute('inputmode', 'decimal');
        input.setAttribute('autocomplete', 'off');
      } else {
        var choices = quiz.querySelector('.Answer');
        choices.setAttribute('role', 'radiogroup');
        choices.setAttribute('aria-labelledby', question.id);
      }
    });
  }
  (function wait() {
    var container = document.getElementById(containerId);
    if (container && container.querySelector('.Quiz .Feedback')) {
      label(container);
    } else {
      setTimeout(wait, 200);
    }
  })();
}
